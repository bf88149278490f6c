using PhiGuard.Controls.Network;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.Network;

public sealed class CniEnforcesNetworkpolicyTests
{
    private readonly CniEnforcesNetworkpolicy control = new();

    [Fact]
    public void A_manifests_scan_without_a_cni_daemonset_is_not_assessable()
    {
        // Application manifests with NetworkPolicies: nothing says which dataplane will enforce them.
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr-prod") + """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny
              namespace: ehr-prod
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """);
        var result = Scan.Run(control, yaml);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("no CNI DaemonSet", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_eks_description_alone_is_not_assessable()
    {
        var yaml = YamlFixture.Parse("""
            apiVersion: phiguard.io/v1alpha1
            kind: ProviderDescription
            metadata:
              name: clinic-eks
            spec:
              provider: eks
              description:
                cluster: {name: clinic, version: "1.35"}
            """);
        var result = Scan.Run(control, yaml);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("EKS", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enforcing_dataplane_passes_even_beside_flannel()
    {
        var flannel = File.ReadAllText(Path.Combine(Fixtures.Root, "Network/CniEnforcesNetworkpolicy/fail.flannel-only.yaml"));
        var calico = File.ReadAllText(Path.Combine(Fixtures.Root, "Network/CniEnforcesNetworkpolicy/pass.calico-node.yaml"));
        var result = Scan.Run(control, YamlFixture.Parse(flannel + "\n---\n" + calico));
        Assert.Equal(Status.Pass, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Status == Status.Pass && f.Message.Contains("Calico", StringComparison.Ordinal));
    }
}
