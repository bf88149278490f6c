using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Sink;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Tests.Stores;
using PhiGuard.AuditTrail.Tests.Support;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.AuditTrail.Tests.Sink;

/// <summary>The webhook sink over real TLS on 127.0.0.1, in front of real SQLite and PostgreSQL stores.</summary>
public sealed class AuditSinkTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _pki.Dispose();
        _key.Dispose();
    }

    public static TheoryData<string> Stores() => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EventList_posted_over_mTLS_is_stored_proven_and_verified(string kind)
    {
        await using var fixture = Fixture(kind);
        await using var store = await fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await using var sink = await AuditSink.StartAsync(log, Options(mtls: true), default);
        using var http = _pki.HttpClient(_pki.Client);

        using var first = await PostAsync(http, sink, TestEvents.EventList(0, 400));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var retry = await PostAsync(http, sink, TestEvents.EventList(0, 400));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Contains("\"duplicates\":400", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var second = await PostAsync(http, sink, TestEvents.EventList(400, 100));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        await sink.StopAsync(default);
        Assert.Equal(500, await store.SizeAsync(default));
        var report = await LogVerifier.VerifyAsync(store, _key, null, default);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        Assert.Equal(500, report.SealedSize);
        var proof = Assert.Single(await Prover.ProveEventAsync(store, _key, TestEvents.Parsed(123, 1)[0].AuditId, default));
        Assert.Equal(123, proof.LeafIndex);
    }

    [Fact]
    public async Task A_client_without_a_certificate_or_with_a_foreign_one_is_refused()
    {
        await using var fixture = new SqliteFixture();
        await using var store = await fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await using var sink = await AuditSink.StartAsync(log, Options(mtls: true), default);
        foreach (var cert in new X509Certificate2?[] { null, _pki.Stranger })
        {
            using var http = _pki.HttpClient(cert);
            await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, sink, TestEvents.EventList(0, 1)));
        }

        Assert.Equal(0, await store.SizeAsync(default));
    }

    [Fact]
    public async Task Bearer_token_is_required_when_configured()
    {
        await using var fixture = new SqliteFixture();
        await using var store = await fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await using var sink = await AuditSink.StartAsync(log, Options(mtls: false) with { Token = "s3cret-token" }, default);
        using var http = _pki.HttpClient(null);
        using var none = await PostAsync(http, sink, TestEvents.EventList(0, 2));
        using var wrong = await PostAsync(http, sink, TestEvents.EventList(0, 2), "s3cret-tokem");
        using var right = await PostAsync(http, sink, TestEvents.EventList(0, 2), "s3cret-token");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(2, await store.SizeAsync(default));
    }

    [Fact]
    public async Task Bad_body_is_400_and_stores_nothing()
    {
        await using var fixture = new SqliteFixture();
        await using var store = await fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await using var sink = await AuditSink.StartAsync(log, Options(mtls: true), default);
        using var http = _pki.HttpClient(_pki.Client);
        using var notJson = await PostAsync(http, sink, "{\"kind\":\"EventList\",\"items\":[");
        using var noId = await PostAsync(http, sink, TestEvents.EventList(["{\"stage\":\"ResponseComplete\"}"]));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Contains("items[0]", await noId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await store.SizeAsync(default));
    }

    [Fact]
    public async Task Busy_sink_answers_503_and_a_failing_store_is_503_not_200()
    {
        await using var fixture = new SqliteFixture();
        await using var inner = await fixture.OpenAsync();
        var gated = new GatedStore(inner);
        using var log = new AuditLog(gated, _key);
        await using var sink = await AuditSink.StartAsync(log, Options(mtls: true) with { MaxConcurrentBatches = 1, QueueWait = TimeSpan.FromMilliseconds(200) }, default);
        using var http = _pki.HttpClient(_pki.Client);

        var held = PostAsync(http, sink, TestEvents.EventList(0, 5));
        await gated.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        using var busy = await PostAsync(http, sink, TestEvents.EventList(5, 5));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        gated.Release.SetResult();
        using (var ok = await held)
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        gated.Fail = true;
        using var failed = await PostAsync(http, sink, TestEvents.EventList(10, 5));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(5, await inner.SizeAsync(default));
    }

    private static IStoreFixture Fixture(string kind) => kind == "sqlite" ? new SqliteFixture() : new PostgresFixture();

    private AuditSinkOptions Options(bool mtls) => new()
    {
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        ServerCertificate = _pki.Server,
        ClientCa = mtls ? [_pki.Ca] : null,
        CheckpointInterval = TimeSpan.FromMinutes(10),
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, AuditSink sink, string body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, sink.Address)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(request);
    }

    /// <summary>A store whose first append waits for the test, and which can be told to fail.</summary>
    private sealed class GatedStore(IAuditStore inner) : IAuditStore
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fail { get; set; }

        public string Origin => inner.Origin;

        public async Task<AppendResult> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("disk full");
            }

            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.SetResult();
                await Release.Task;
            }

            return await inner.AppendAsync(events, cancellationToken);
        }

        public Task<long> SizeAsync(CancellationToken cancellationToken) => inner.SizeAsync(cancellationToken);

        public IAsyncEnumerable<StoredLeaf> ReadLeavesAsync(CancellationToken cancellationToken) => inner.ReadLeavesAsync(cancellationToken);

        public IAsyncEnumerable<StoredLeaf> ReadLeavesAsync(long from, long to, CancellationToken cancellationToken) => inner.ReadLeavesAsync(from, to, cancellationToken);

        public Task<DateTimeOffset?> NewestTimestampAsync(long from, long to, CancellationToken cancellationToken) => inner.NewestTimestampAsync(from, to, cancellationToken);

        public Task<long> PrunedBeforeAsync(CancellationToken cancellationToken) => inner.PrunedBeforeAsync(cancellationToken);

        public Task<long> PruneAsync(long before, CancellationToken cancellationToken) => inner.PruneAsync(before, cancellationToken);

        public Task<byte[]> ReadLeafHashesAsync(long from, long to, CancellationToken cancellationToken) => inner.ReadLeafHashesAsync(from, to, cancellationToken);

        public Task<IReadOnlyList<(long Index, string Stage)>> FindAsync(string auditId, CancellationToken cancellationToken) => inner.FindAsync(auditId, cancellationToken);

        public Task AddCheckpointAsync(long size, string note, CancellationToken cancellationToken) => inner.AddCheckpointAsync(size, note, cancellationToken);

        public Task<IReadOnlyList<(long Size, string Note)>> CheckpointsAsync(CancellationToken cancellationToken) => inner.CheckpointsAsync(cancellationToken);

        public Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
