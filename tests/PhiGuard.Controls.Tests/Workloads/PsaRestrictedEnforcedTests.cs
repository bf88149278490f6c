using PhiGuard.Controls.Tests.Support;
using PhiGuard.Controls.Workloads;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Workloads;

public sealed class PsaRestrictedEnforcedTests
{
    private readonly PsaRestrictedEnforced control = new();

    [Fact]
    public void Pinned_version_without_cluster_version_is_not_assessable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr", extraLabels: """
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: v1.33
            """));
        var result = Scan.Run(control, yaml);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("cluster version is unknown", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinned_version_newer_than_cluster_passes()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr", extraLabels: """
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: v1.35
            """));
        var inventory = new Inventory(yaml.Objects, facts: new ClusterFacts { ServerVersion = "v1.34.1-eks-9c2a1f" });
        Assert.Equal(Status.Pass, Scan.Run(control, inventory).Controls[0].Status);
    }

    [Fact]
    public void System_namespaces_are_not_judged()
    {
        var yaml = YamlFixture.Parse("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: kube-system
            """);
        var result = Scan.Run(control, yaml);
        Assert.DoesNotContain(result.Findings, f => f.Status == Status.Fail);
        Assert.NotEqual(Status.Fail, result.Controls[0].Status);
    }

    [Fact]
    public void Unreadable_namespaces_are_not_assessable()
    {
        var inventory = new Inventory([], gaps: [new ResourceGap("", "namespaces", "Namespace", "forbidden")], origin: InventoryOrigin.Cluster);
        Assert.Equal(Status.NotAssessable, Scan.Run(control, inventory).Controls[0].Status);
    }
}
