using PhiGuard.Controls.Scope;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Scope;

public sealed class PhiScopeLabelsTests
{
    private readonly PhiScopeLabels control = new();

    [Fact]
    public void Unreadable_namespaces_are_not_assessable()
    {
        var inventory = new Inventory([], gaps: [new ResourceGap("", "namespaces", "Namespace", "forbidden")], origin: InventoryOrigin.Cluster);
        var result = Scan.Run(control, inventory);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("forbidden", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_without_namespaces_is_not_applicable()
    {
        var yaml = YamlFixture.Parse("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reader
            """);
        Assert.Equal(Status.NotApplicable, Scan.Run(control, yaml).Controls[0].Status);
    }

    [Fact]
    public void Live_cluster_needs_config_phi_namespaces_to_match_a_namespace()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("billing", phi: "false") + "");
        var live = new Inventory(yaml.Objects, origin: InventoryOrigin.Cluster);
        var config = new PhiGuardConfig { PhiNamespaces = ["ehr-*"] };

        var result = Scan.Run(control, live, config);

        Assert.Equal(Status.Fail, result.Controls[0].Status);
        var f = Assert.Single(result.Findings, f => f.Status == Status.Fail);
        Assert.Null(f.Object);
        Assert.Contains("matches no namespace", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void System_namespaces_from_config_are_skipped()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: monitoring
            """);
        var config = new PhiGuardConfig { SystemNamespaces = [.. PhiGuardConfig.DefaultSystemNamespaces, "monitoring"] };
        Assert.Equal(Status.Pass, Scan.Run(control, yaml.ToInventory(), config).Controls[0].Status);
        Assert.Equal(Status.Fail, Scan.Run(control, yaml.ToInventory()).Controls[0].Status);
    }
}
