using System.Text;
using System.Text.Json;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Tests.Manifests;

public sealed class SnapshotHeaderTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static readonly SnapshotHeader Header = new()
    {
        Context = "prod-eks",
        ServerVersion = "v1.33.2",
        ManagedProvider = "eks",
        Gaps = [new ResourceGap("", "secrets", "Secret", "forbidden"), new ResourceGap("apps", "deployments", "Deployment", "timed out")],
    };

    private static string WriteList(SnapshotHeader header, string items)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("kind", "List");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WritePropertyName(SnapshotHeader.PropertyName);
            header.Write(w);
            w.WritePropertyName("items");
            using var doc = JsonDocument.Parse(items);
            doc.RootElement.WriteTo(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Fact]
    public void Header_round_trips_through_write_and_read()
    {
        using var doc = JsonDocument.Parse(WriteList(Header, "[]"));

        var read = SnapshotHeader.Read(doc.RootElement.GetProperty(SnapshotHeader.PropertyName));

        Assert.Equal(Header.Context, read.Context);
        Assert.Equal(Header.ServerVersion, read.ServerVersion);
        Assert.Equal(Header.ManagedProvider, read.ManagedProvider);
        Assert.Equal(1, read.Version);
        Assert.Equal("cluster", read.Origin);
        Assert.Equal(Header.Gaps.OrderBy(g => g.Group, StringComparer.Ordinal), read.Gaps);
        Assert.Equal(new ClusterFacts { Context = "prod-eks", ServerVersion = "v1.33.2", ManagedProvider = "eks" }, read.ToFacts());
    }

    [Fact]
    public void Writing_is_deterministic_whatever_the_gap_order()
    {
        var reversed = Header with { Gaps = Header.Gaps.Reverse().ToArray() };

        Assert.Equal(WriteList(Header, "[]"), WriteList(reversed, "[]"));
    }

    [Fact]
    public void A_gzipped_snapshot_loads_as_a_cluster_inventory_with_facts_and_gaps()
    {
        var json = WriteList(Header, """[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ehr-prod"}}]""");
        var file = dir.WriteGzip("snap.json.gz", json);

        var result = new ManifestLoader().Load([file]);
        var inventory = result.ToInventory();

        Assert.Empty(result.Errors);
        Assert.Equal(InventoryOrigin.Cluster, inventory.Origin);
        Assert.Equal("v1.33.2", inventory.Facts.ServerVersion);
        Assert.Equal("prod-eks", inventory.Facts.Context);
        Assert.Equal("forbidden", inventory.GapFor("", "Secret")?.Reason);
        Assert.Equal("ehr-prod", Assert.Single(inventory.Objects).Name);
    }

    [Fact]
    public void A_plain_list_is_not_a_snapshot()
    {
        var result = new ManifestLoader().LoadText("l.json", """{"kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}]}""");

        Assert.Equal(InventoryOrigin.Manifests, result.Origin);
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public void An_unsupported_header_version_is_a_load_error_at_its_line()
    {
        var file = dir.Write("s.json", "{\"kind\":\"List\",\n\"phiguardSnapshot\": {\"version\": 9},\n\"items\":[]}");

        var result = new ManifestLoader().Load([file]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("version 9 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Equal(InventoryOrigin.Manifests, result.Origin);
    }
}
