using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Sources.Node;

namespace PhiGuard.Sources.Tests.Node;

/// <summary>A node snapshot's phiguard/node-facts.json reaches the NodeSnapshot object, or is a located load error.</summary>
public sealed class NodeFactsLoadingTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Facts_are_carried_on_the_node_snapshot()
    {
        dir.Write("etc/hostname", "worker-a\n");
        dir.Write("phiguard/node-facts.json", """
            {"schema": "phiguard.io/node-facts/v1", "node": "worker-a",
             "disks": [{"mount": "/", "device": "/dev/mapper/root", "encrypted": true, "type": "luks2"}],
             "clock": {"source": "chrony", "synced": true, "offsetSeconds": 0.003}}
            """);
        var result = NodeSnapshotLoader.Load(dir.Path);
        Assert.Empty(result.Errors);
        var snapshot = Assert.Single(result.Objects, o => o.Kind == "NodeSnapshot");
        var facts = NodeFacts.Of(snapshot);
        Assert.NotNull(facts);
        Assert.Equal("worker-a", facts.Node);
        Assert.True(Assert.Single(facts.Disks!).Encrypted);
        Assert.Equal(0.003, facts.Clock!.OffsetSeconds);
    }

    [Fact]
    public void Malformed_facts_are_an_error_naming_file_and_line_and_the_rest_still_loads()
    {
        dir.Write("etc/hostname", "worker-b\n");
        var file = dir.Write("phiguard/node-facts.json", "{\"schema\": \"phiguard.io/node-facts/v1\",\n \"disks\": [{\"mount\": \"/\", \"encrypted\": \"yes\"}]}");
        var result = NodeSnapshotLoader.Load(dir.Path);
        var error = Assert.Single(result.Errors);
        Assert.Equal(file, error.Source);
        Assert.Equal(2, error.Line);
        Assert.Contains("invalid node facts", error.Message, StringComparison.Ordinal);
        var snapshot = Assert.Single(result.Objects, o => o.Kind == "NodeSnapshot");
        Assert.Null(NodeFacts.Of(snapshot));
    }

    [Fact]
    public void Node_exporter_metrics_supply_the_clock_when_the_facts_lack_it()
    {
        dir.Write("etc/hostname", "worker-c\n");
        dir.Write("phiguard/node-facts.json", "{\"schema\": \"phiguard.io/node-facts/v1\", \"fipsEnabled\": true}");
        dir.Write("phiguard/node-exporter.prom", "node_timex_sync_status 1\nnode_timex_offset_seconds 0.15\n");
        var result = NodeSnapshotLoader.Load(dir.Path);
        Assert.Empty(result.Errors);
        var facts = NodeFacts.Of(Assert.Single(result.Objects, o => o.Kind == "NodeSnapshot"))!;
        Assert.True(facts.FipsEnabled);
        Assert.Equal("node_exporter", facts.Clock!.Source);
        Assert.Equal(0.15, facts.Clock.OffsetSeconds);
    }
}
