using System.Text.Json;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Live;
using PhiGuard.Testing;

namespace PhiGuard.Sources.Tests.Live;

public sealed class SnapshotWriterTests
{
    [Fact]
    public async Task Round_trip_keeps_the_header_and_every_item_in_order()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources().Forbid("rbac.authorization.k8s.io", "clusterroles"));
        h.Server.Add(
            FakeObjects.Namespace("ehr-prod"),
            FakeObjects.Namespace("billing"),
            FakeObjects.Pod("ehr-prod", "web-1"),
            FakeObjects.Pod("billing", "api-0"),
            FakeObjects.Deployment("ehr-prod", "web"),
            FakeObjects.Node("node-1"),
            FakeObjects.VeleroSchedule("velero", "nightly"),
            FakeObjects.Secret("ehr-prod", "db", "s3cr3t-value"));
        var result = await h.LoadAsync();

        using var output = new MemoryStream();
        SnapshotWriter.Write(result, output, gzip: false);
        var bytes = output.ToArray();
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;

        Assert.Equal(["apiVersion", "kind", "metadata", "phiguardSnapshot", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("List", root.GetProperty("kind").GetString());
        Assert.Empty(root.GetProperty("metadata").EnumerateObject());
        var header = root.GetProperty("phiguardSnapshot");
        Assert.Equal(
            ["version", "origin", "context", "serverVersion", "managedProvider", "gaps"],
            header.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, header.GetProperty("version").GetInt32());
        Assert.Equal("cluster", header.GetProperty("origin").GetString());
        Assert.Equal("fake", header.GetProperty("context").GetString());
        Assert.Equal("v1.33.2", header.GetProperty("serverVersion").GetString());
        Assert.Equal(JsonValueKind.Null, header.GetProperty("managedProvider").ValueKind);
        var gap = Assert.Single(header.GetProperty("gaps").EnumerateArray());
        Assert.Equal(["group", "resource", "kind", "reason"], gap.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rbac.authorization.k8s.io", gap.GetProperty("group").GetString());
        Assert.Equal("clusterroles", gap.GetProperty("resource").GetString());
        Assert.Equal("ClusterRole", gap.GetProperty("kind").GetString());
        Assert.StartsWith("forbidden: ", gap.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var items = root.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(
            [
                "v1 Namespace - billing", "v1 Namespace - ehr-prod", "v1 Node - node-1",
                "v1 Pod billing api-0", "v1 Pod ehr-prod web-1", "v1 Secret ehr-prod db",
                "apps/v1 Deployment ehr-prod web", "velero.io/v1 Schedule velero nightly",
            ],
            items.Select(Describe));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("managedFields", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("last-applied-configuration", text, StringComparison.Ordinal);
        Assert.Equal(result.Items.Count, items.Length);
    }

    [Fact]
    public async Task Items_are_one_per_line_so_positions_point_at_single_objects()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Namespace("a"), FakeObjects.Pod("a", "p"), FakeObjects.Deployment("a", "d"));
        var result = await h.LoadAsync();

        using var output = new MemoryStream();
        SnapshotWriter.Write(result, output, gzip: false);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n');

        var itemLines = lines.Where(l => l.TrimStart().StartsWith("{\"apiVersion\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, itemLines.Length);
        foreach (var line in itemLines)
        {
            using var item = JsonDocument.Parse(line.Trim().TrimEnd(','));
            Assert.True(item.RootElement.TryGetProperty("metadata", out _));
        }

        Assert.StartsWith("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"metadata\": {},\n  \"phiguardSnapshot\": {\n    \"version\": 1,", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_load_gives_byte_identical_snapshots_plain_and_gzip()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Namespace("a"), FakeObjects.Pod("a", "p"), FakeObjects.Node("n"));

        var first = await h.LoadAsync();
        var second = await h.LoadAsync(o => o with { PageSize = 1, MaxConcurrency = 1 });

        foreach (var gzip in new[] { false, true })
        {
            Assert.Equal(Write(first, gzip), Write(second, gzip));
        }
    }

    [Fact]
    public async Task WriteFile_gzips_by_extension_and_leaves_no_temporary_file()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Namespace("a"));
        var result = await h.LoadAsync();
        using var temp = new TempDirectory();

        SnapshotWriter.WriteFile(result, temp.File("snap.json.gz"));
        SnapshotWriter.WriteFile(result, temp.File("snap.json"));
        SnapshotWriter.WriteFile(result, temp.File("snap.json"));

        var gz = File.ReadAllBytes(temp.File("snap.json.gz"));
        var plain = File.ReadAllBytes(temp.File("snap.json"));
        Assert.Equal([0x1f, 0x8b], gz[..2]);
        Assert.Equal((byte)'{', plain[0]);
        Assert.Equal(plain, SnapshotTestRead.Bytes(gz));
        Assert.Equal(["snap.json", "snap.json.gz"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Redacts_again_on_the_way_out()
    {
        // An inventory built elsewhere (not by the loader) must not leak through the writer either.
        using var secret = JsonDocument.Parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"a","managedFields":[{"manager":"m"}],
             "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"k\":\"dmFsdWU=\"}}","keep":"yes"}},
             "type":"kubernetes.io/tls","data":{"tls.key":"c2VjcmV0LWtleQ=="},"stringData":{"x":"plain-value"},"unknownField":"maybe-a-value"}
            """);
        using var pod = JsonDocument.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a","managedFields":[{"manager":"m"}]},"spec":{}}""");
        var inventory = new Inventory(
            [KubeObject.Create(secret.RootElement), KubeObject.Create(pod.RootElement)],
            origin: InventoryOrigin.Cluster,
            facts: new ClusterFacts { Context = "ctx", ServerVersion = "v1.30.1-eks-abc", ManagedProvider = "eks" });
        var result = new LiveLoadResult(inventory, [], []);

        var text = System.Text.Encoding.UTF8.GetString(Write(result, gzip: false));

        Assert.DoesNotContain("c2VjcmV0LWtleQ==", text, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dmFsdWU=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("maybe-a-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("managedFields", text, StringComparison.Ordinal);
        Assert.Contains("\"keep\":\"yes\"", text, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"kubernetes.io/tls\"", text, StringComparison.Ordinal);
        Assert.Contains("\"spec\":{}", text, StringComparison.Ordinal);
        Assert.Contains("\"managedProvider\": \"eks\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_inventory_writes_an_empty_list_with_null_facts()
    {
        var result = new LiveLoadResult(new Inventory([], origin: InventoryOrigin.Cluster), [], []);

        using var doc = JsonDocument.Parse(Write(result, gzip: false));

        var header = doc.RootElement.GetProperty("phiguardSnapshot");
        Assert.Equal(JsonValueKind.Null, header.GetProperty("context").ValueKind);
        Assert.Equal(JsonValueKind.Null, header.GetProperty("serverVersion").ValueKind);
        Assert.Empty(header.GetProperty("gaps").EnumerateArray());
        Assert.Empty(doc.RootElement.GetProperty("items").EnumerateArray());
    }

    private static byte[] Write(LiveLoadResult result, bool gzip)
    {
        using var output = new MemoryStream();
        SnapshotWriter.Write(result, output, gzip);
        return output.ToArray();
    }

    private static string Describe(JsonElement item)
    {
        var metadata = item.GetProperty("metadata");
        var ns = metadata.TryGetProperty("namespace", out var n) ? n.GetString() : "-";
        return $"{item.GetProperty("apiVersion").GetString()} {item.GetProperty("kind").GetString()} {ns} {metadata.GetProperty("name").GetString()}";
    }
}
