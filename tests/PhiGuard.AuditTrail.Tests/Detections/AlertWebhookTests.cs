using System.Net;
using PhiGuard.AuditTrail.Detections;

namespace PhiGuard.AuditTrail.Tests.Detections;

public sealed class AlertWebhookTests
{
    private static readonly Alert[] Alerts = [new("anonymous-request", "t", "high", "id-1", DateTimeOffset.UnixEpoch, "system:anonymous", "get", "pods", "web", "p", "d")];

    [Fact]
    public async Task Retries_until_the_endpoint_accepts()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, null, HttpStatusCode.OK);
        using var http = new HttpClient(handler);
        var hook = new AlertWebhook(http, new Uri("http://127.0.0.1:1/alerts"), attempts: 5, firstDelay: TimeSpan.FromMilliseconds(1));
        Assert.True(await hook.SendAsync(Alerts, default));
        Assert.Equal(3, handler.Calls);
        Assert.Contains("anonymous-request", handler.LastBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_up_after_the_last_attempt_and_never_retries_a_rejected_body()
    {
        var down = new ScriptedHandler(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway);
        using (var http = new HttpClient(down))
        {
            Assert.False(await new AlertWebhook(http, new Uri("http://127.0.0.1:1/a"), 3, TimeSpan.FromMilliseconds(1)).SendAsync(Alerts, default));
        }

        Assert.Equal(3, down.Calls);
        var rejected = new ScriptedHandler(HttpStatusCode.BadRequest, HttpStatusCode.OK);
        using (var http = new HttpClient(rejected))
        {
            Assert.False(await new AlertWebhook(http, new Uri("http://127.0.0.1:1/a"), 3, TimeSpan.FromMilliseconds(1)).SendAsync(Alerts, default));
        }

        Assert.Equal(1, rejected.Calls);
    }

    /// <summary>Answers with the given codes in turn; null throws a connection error.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode?[] script) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public string LastBody { get; private set; } = string.Empty;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastBody = await request.Content!.ReadAsStringAsync(cancellationToken);
            var code = script[Math.Min(Calls++, script.Length - 1)];
            return code is { } c ? new HttpResponseMessage(c) : throw new HttpRequestException("connection refused");
        }
    }
}
