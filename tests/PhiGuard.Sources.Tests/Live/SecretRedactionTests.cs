using System.Text;
using PhiGuard.Sources.Live;
using PhiGuard.Testing;

namespace PhiGuard.Sources.Tests.Live;

public sealed class SecretRedactionTests
{
    private const string Value = "hunter2-PHI-db-password-7f3a";

    private static readonly string[] Forms =
    [
        Value,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)),
    ];

    [Fact]
    public async Task Secrets_are_listed_as_metadata_only_and_kept_without_any_value()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Secret("ehr-prod", "db-credentials", Value), FakeObjects.Pod("ehr-prod", "web"));

        var result = await h.LoadAsync();

        var secretRequests = h.Server.Requests.Where(r => r.Path == "/api/v1/secrets").ToArray();
        Assert.NotEmpty(secretRequests);
        Assert.All(secretRequests, r => Assert.Equal(ClusterLoader.MetadataOnlyAccept, r.Accept));
        Assert.All(h.Server.Requests.Where(r => r.Path != "/api/v1/secrets"), r => Assert.Equal("application/json", r.Accept));

        var secret = Assert.Single(result.Inventory.OfKind("Secret"));
        Assert.Equal("v1", secret.ApiVersion);
        Assert.Equal(("ehr-prod", "db-credentials"), (secret.Namespace, secret.Name));
        Assert.Equal("team-ehr", secret.Annotations["owner"]);
        Assert.False(secret.Annotations.ContainsKey(ObjectRedactorLastApplied));
        Assert.False(secret.Json.TryGetProperty("data", out _));
        Assert.False(secret.Json.TryGetProperty("stringData", out _));
        Assert.Empty(result.Warnings);
        AssertNoValueAnywhere(result);
    }

    [Fact]
    public async Task A_server_that_ignores_the_metadata_only_request_gets_its_values_dropped_and_recorded()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.IgnoreMetadataOnlyAccept = true;
        h.Server.Add(FakeObjects.Secret("ehr-prod", "db-credentials", Value), FakeObjects.Secret("billing", "api-key", Value));

        var result = await h.LoadAsync(o => o with { PageSize = 1 });

        Assert.Equal(2, result.Inventory.OfKind("Secret").Count);
        Assert.All(result.Inventory.OfKind("Secret"), s =>
        {
            Assert.Equal("Opaque", s.Json.GetProperty("type").GetString());
            Assert.False(s.Json.TryGetProperty("data", out _));
            Assert.False(s.Json.TryGetProperty("stringData", out _));
            Assert.False(s.Annotations.ContainsKey(ObjectRedactorLastApplied));
        });
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("secrets: the API server at ", warning, StringComparison.Ordinal);
        Assert.Contains("ignored the metadata-only request", warning, StringComparison.Ordinal);
        AssertNoValueAnywhere(result);
    }

    [Fact]
    public async Task A_server_that_cannot_list_metadata_only_leaves_secrets_unread_as_a_gap()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.RejectMetadataOnlyAccept = true;
        h.Server.Add(FakeObjects.Secret("ehr-prod", "db-credentials", Value), FakeObjects.Pod("ehr-prod", "web"));

        var result = await h.LoadAsync();

        Assert.Empty(result.Inventory.OfKind("Secret"));
        var gap = Assert.Single(result.Inventory.Gaps);
        Assert.Equal(("", "secrets", "Secret"), (gap.Group, gap.Resource, gap.Kind));
        Assert.Contains("metadata only", gap.Reason, StringComparison.Ordinal);
        Assert.Single(result.Inventory.OfKind("Pod"));
        // Refused, and never asked again for a full list.
        Assert.All(h.Server.Requests.Where(r => r.Path.EndsWith("/secrets", StringComparison.Ordinal)),
            r => Assert.Equal(ClusterLoader.MetadataOnlyAccept, r.Accept));
        AssertNoValueAnywhere(result);
    }

    [Fact]
    public async Task Namespace_filtered_secret_lists_are_metadata_only_too()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.IgnoreMetadataOnlyAccept = true;
        h.Server.Add(FakeObjects.Secret("ehr-prod", "db-credentials", Value));

        var result = await h.LoadAsync(o => o with { Namespaces = ["ehr-prod"] });

        var request = Assert.Single(h.Server.Requests, r => r.Path == "/api/v1/namespaces/ehr-prod/secrets");
        Assert.Equal(ClusterLoader.MetadataOnlyAccept, request.Accept);
        Assert.Single(result.Inventory.OfKind("Secret"));
        AssertNoValueAnywhere(result);
    }

    [Fact]
    public async Task Secret_values_never_reach_the_snapshot()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.IgnoreMetadataOnlyAccept = true;
        h.Server.Add(FakeObjects.Secret("ehr-prod", "db-credentials", Value));
        var result = await h.LoadAsync();

        foreach (var gzip in new[] { false, true })
        {
            using var output = new MemoryStream();
            SnapshotWriter.Write(result, output, gzip);
            var text = SnapshotTestRead.Text(output.ToArray());
            Assert.Contains("db-credentials", text, StringComparison.Ordinal);
            foreach (var form in Forms)
            {
                Assert.DoesNotContain(form, text, StringComparison.Ordinal);
            }
        }
    }

    private const string ObjectRedactorLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    private static void AssertNoValueAnywhere(LiveLoadResult result)
    {
        foreach (var o in result.Inventory.Objects)
        {
            var raw = o.Json.GetRawText();
            foreach (var form in Forms)
            {
                Assert.DoesNotContain(form, raw, StringComparison.Ordinal);
            }
        }

        foreach (var text in result.Warnings.Concat(result.Inventory.Gaps.Select(g => g.Reason)).Concat(result.Inventory.Errors.Select(e => e.Message)))
        {
            Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
        }
    }
}
