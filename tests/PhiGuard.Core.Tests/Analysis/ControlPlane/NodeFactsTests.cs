using System.Text.Json;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Analysis.ControlPlane;

/// <summary>The phiguard/node-facts.json schema: strict on types and schema id, lenient on unknown fields.</summary>
public sealed class NodeFactsTests
{
    private const string Sample = """
        {
          "schema": "phiguard.io/node-facts/v1",
          "node": "worker-a",
          "collectedAt": "2026-11-27T00:10:00Z",
          "os": {"id": "flatcar", "versionId": "4230.2.0", "prettyName": "Flatcar Container Linux by Kinvolk 4230.2.0"},
          "kernelRelease": "6.6.88-flatcar",
          "fipsEnabled": false,
          "disks": [
            {"mount": "/", "device": "/dev/mapper/root", "fsType": "ext4", "encrypted": true, "type": "luks2"},
            {"mount": "/var/lib/containerd", "device": "/dev/nvme1n1", "fsType": "xfs", "encrypted": false, "type": "none"},
            {"mount": "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs", "device": "/dev/mapper/snap", "encrypted": true}
          ],
          "clock": {"source": "chrony", "synced": true, "offsetSeconds": -0.0004},
          "notes": ["a field a newer collector adds"]
        }
        """;

    [Fact]
    public void Parses_every_field()
    {
        var f = NodeFacts.Parse(Sample);
        Assert.Equal("worker-a", f.Node);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 10, 0, TimeSpan.Zero), f.CollectedAt);
        Assert.Equal("flatcar", f.Os!.Id);
        Assert.Equal("6.6.88-flatcar", f.KernelRelease);
        Assert.False(f.FipsEnabled);
        Assert.Equal(3, f.Disks!.Count);
        Assert.Equal(-0.0004, f.Clock!.OffsetSeconds);
        Assert.True(f.Clock.Synced);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/var/lib/kubelet", "/")]
    [InlineData("/var/lib/containerd", "/var/lib/containerd")]
    [InlineData("/var/lib/containerd/io.containerd.content.v1.content", "/var/lib/containerd")]
    [InlineData("/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots", "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs")]
    [InlineData("/var/lib/containerdx", "/")]
    public void A_path_is_held_by_the_longest_mount_prefix(string path, string mount)
    {
        Assert.Equal(mount, NodeFacts.Parse(Sample).DiskHolding(path)!.Mount);
    }

    [Fact]
    public void No_disk_holds_a_path_when_root_is_not_listed()
    {
        var f = NodeFacts.Parse("""{"schema": "phiguard.io/node-facts/v1", "disks": [{"mount": "/data", "encrypted": true}]}""");
        Assert.Null(f.DiskHolding("/var/lib/kubelet"));
    }

    [Fact]
    public void Unobserved_fields_stay_null()
    {
        var f = NodeFacts.Parse("""{"schema": "phiguard.io/node-facts/v1"}""");
        Assert.Null(f.Disks);
        Assert.Null(f.Clock);
        Assert.Null(f.FipsEnabled);
    }

    [Theory]
    [InlineData("""{"schema": "phiguard.io/node-facts/v2"}""", "unsupported schema")]
    [InlineData("""{"schema": "phiguard.io/node-facts/v1", "fipsEnabled": "yes"}""", "fipsEnabled")]
    [InlineData("""{"schema": "phiguard.io/node-facts/v1", "disks": [{"encrypted": true}]}""", "mount")]
    [InlineData("{\"schema\": \"phiguard.io/node-facts/v1\",\n \"clock\": {\"offsetSeconds\": \"fast\"}}", "LineNumber: 1")]
    public void Malformed_facts_are_refused_with_where_and_what(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => NodeFacts.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_trips_through_a_node_snapshot_object()
    {
        var facts = NodeFacts.Parse(Sample);
        var json = """{"apiVersion": "phiguard.io/v1alpha1", "kind": "NodeSnapshot", "metadata": {"name": "worker-a"}, "spec": {"facts": """ + facts.ToJson() + "}}";
        using var doc = JsonDocument.Parse(json);
        var back = NodeFacts.Of(KubeObject.Create(doc.RootElement.Clone()));
        Assert.NotNull(back);
        Assert.Equal(facts.Disks!.Select(d => (d.Mount, d.Encrypted)), back.Disks!.Select(d => (d.Mount, d.Encrypted)));
        Assert.Equal(facts.Clock, back.Clock);
    }
}
