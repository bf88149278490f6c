using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PhiGuard.Admission.Tests.Support;
using PhiGuard.Core.Config;

namespace PhiGuard.Admission.Tests;

public sealed class AdmissionServerTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body, string Text)> Post(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            json = JsonNode.Parse(text);
        }

        return (response.StatusCode, json, text);
    }

    [Fact]
    public async Task Violating_deployment_is_denied_in_enforce_and_warned_in_warn_over_https()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        var review = Reviews.Review(Reviews.Deployment("clinic"), uid: "0df28fbd-5f5f-11e8-bc74-36e6bb280816").ToJsonString();

        var (status, deny, _) = await Post(client, "/validate/enforce/low/phi", review);
        Assert.Equal(HttpStatusCode.OK, status);
        var response = deny!["response"]!;
        Assert.Equal("admission.k8s.io/v1", deny["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", deny["kind"]!.GetValue<string>());
        Assert.Equal("0df28fbd-5f5f-11e8-bc74-36e6bb280816", response["uid"]!.GetValue<string>());
        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(403, response["status"]!["code"]!.GetValue<int>());
        Assert.Contains("readonly-root-filesystem", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(response["patch"]);

        var (_, warn, _) = await Post(client, "/validate/warn/low/phi", review);
        var wr = warn!["response"]!;
        Assert.True(wr["allowed"]!.GetValue<bool>());
        Assert.Null(wr["status"]);
        var warnings = wr["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        Assert.Contains(warnings, w => w.Contains("readonly-root-filesystem", StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.True(w.Length <= 120, w));

        var (_, audit, _) = await Post(client, "/validate/audit/low/phi", review);
        Assert.Equal("readonly-root-filesystem", audit!["response"]!["auditAnnotations"]!["controls"]!.GetValue<string>());
        Assert.Equal(server.Thumbprint, server.SeenThumbprint);
    }

    [Fact]
    public async Task Plain_validate_uses_the_configured_default_mode()
    {
        await using var server = await RunningServer.StartAsync(new PhiGuardConfig { Admission = new AdmissionSettings { DefaultMode = AdmissionMode.Enforce } });
        using var client = server.Client();
        var (_, body, _) = await Post(client, "/validate/phi", Reviews.Review(Reviews.Deployment("clinic")).ToJsonString());
        Assert.False(body!["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Dry_run_gets_the_same_decision()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        var (_, body, _) = await Post(client, "/validate/enforce/low/phi", Reviews.Review(Reviews.Deployment("clinic"), dryRun: true).ToJsonString());
        Assert.False(body!["response"]!["allowed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{}}""", "admission.k8s.io/v1")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "no request")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE","kind":{"kind":"Pod"}}}""", "request.uid")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","kind":{"kind":"Pod"}}}""", "request.object is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","kind":{"kind":"Pod"},"object":{"kind":"Pod"}}}""", "not a Kubernetes object")]
    [InlineData("", "empty body")]
    public async Task Malformed_requests_get_400_with_a_clear_message(string body, string expected)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        var (status, _, text) = await Post(client, "/validate/enforce", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, text, StringComparison.Ordinal);

        // The server is still up after it.
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Oversized_request_gets_400()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        var big = new string(' ', AdmissionReviewReader.MaxBodyBytes + 10);
        var (status, _, text) = await Post(client, "/validate", big);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("larger than", text, StringComparison.Ordinal);

        // Without Content-Length (chunked) the limit still holds.
        using var stream = new ChunkedContent(AdmissionReviewReader.MaxBodyBytes + 10);
        using var response = await client.PostAsync("/validate", stream);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_mode_path_gets_400()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        var (status, _, text) = await Post(client, "/validate/deny", Reviews.Review(Reviews.Deployment("clinic")).ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unknown path", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_readiness_and_prometheus_metrics()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        Assert.Equal("ok\n", await client.GetStringAsync("/healthz"));
        Assert.Equal("ok\n", await client.GetStringAsync("/readyz"));
        await Post(client, "/validate/enforce/low/phi", Reviews.Review(Reviews.Deployment("clinic")).ToJsonString());
        await Post(client, "/validate/enforce/low/phi", Reviews.Review(Reviews.Deployment("clinic", readOnlyRoot: true)).ToJsonString());
        await Post(client, "/validate", "{");

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("""phiguard_admission_requests_total\{[^}]*decision="deny"[^}]*kind="Deployment"[^}]*operation="CREATE"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""phiguard_admission_requests_total\{[^}]*decision="allow"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""phiguard_admission_requests_total\{[^}]*decision="bad-request"[^}]*\} [1-9]""", metrics);
        Assert.Contains("phiguard_admission_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("le=\"0.005\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_is_reloaded_from_disk_without_a_restart()
    {
        await using var server = await RunningServer.StartAsync();
        using (var client = server.Client())
        {
            Assert.Equal("ok\n", await client.GetStringAsync("/healthz"));
            Assert.Equal(server.Thumbprint, server.SeenThumbprint);
        }

        var first = server.Thumbprint;
        var next = TestCertificate.Write(server.CertPath, server.KeyPath, "phiguard-test-2");
        Assert.NotEqual(first, next);
        server.Thumbprint = next;

        // The reloader looks at the files at most once a second; new connections then get the new certificate.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var client = server.Client();
            try
            {
                await client.GetStringAsync("/healthz");
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal(next, server.SeenThumbprint);
    }

    /// <summary>A body sent without Content-Length.</summary>
    private sealed class ChunkedContent(int size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)' ');
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                try
                {
                    await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, size - sent)));
                }
                catch (IOException)
                {
                    // The server may answer and close before the whole body is sent.
                    return;
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
