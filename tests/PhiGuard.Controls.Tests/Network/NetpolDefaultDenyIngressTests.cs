using PhiGuard.Controls.Network;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Network;

public sealed class NetpolDefaultDenyIngressTests
{
    private readonly NetpolDefaultDenyIngress control = new();

    [Fact]
    public void No_phi_namespace_is_not_applicable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("billing", phi: "false"));
        Assert.Equal(Status.NotApplicable, Scan.Run(control, yaml).Controls[0].Status);
    }

    [Fact]
    public void Unreadable_network_policies_are_not_assessable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr"));
        var inventory = yaml.ToInventory([new ResourceGap("networking.k8s.io", "networkpolicies", "NetworkPolicy", "forbidden")]);
        Assert.Equal(Status.NotAssessable, Scan.Run(control, inventory).Controls[0].Status);
    }

    [Fact]
    public void Phi_namespace_without_namespace_object_fails_at_cluster_level()
    {
        // ehr is a PHI namespace by config; the input has a Service in it but no Namespace object.
        var yaml = YamlFixture.Parse("""
            apiVersion: v1
            kind: Service
            metadata:
              name: records
              namespace: ehr
            spec:
              ports:
                - port: 443
            """);
        var result = Scan.Run(control, yaml.ToInventory(), new PhiGuardConfig { PhiNamespaces = ["ehr"] });
        var f = Assert.Single(result.Findings);
        Assert.Equal(Status.Fail, f.Status);
        Assert.Null(f.Object);
        Assert.Contains("PHI namespace ehr", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_explains_why_each_policy_does_not_count()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web-only
              namespace: ehr
            spec:
              podSelector:
                matchLabels:
                  app: web
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: open
              namespace: ehr
            spec:
              podSelector: {}
              ingress:
                - {}
            """);
        var f = Assert.Single(Scan.Run(control, yaml).Findings);
        Assert.Contains("open has ingress rules", f.Message, StringComparison.Ordinal);
        Assert.Contains("web-only selects only some pods", f.Message, StringComparison.Ordinal);
    }
}
