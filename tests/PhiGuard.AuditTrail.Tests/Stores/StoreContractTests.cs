using System.Text;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Tests.Support;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.AuditTrail.Tests.Stores;

/// <summary>
/// The one contract every store keeps, run against SQLite and PostgreSQL: durable dedup'd appends, proofs, and
/// detection of every kind of tampering done directly to the store's file or tables.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private readonly SigningKey _key = SigningKey.Generate();
    private IStoreFixture _fixture = null!;

    protected abstract IStoreFixture CreateFixture();

    public Task InitializeAsync()
    {
        _fixture = CreateFixture();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task Appended_events_verify_and_every_event_has_an_inclusion_proof()
    {
        await using var store = await SealedLogAsync();
        var report = await LogVerifier.VerifyAsync(store, _key, null, default);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        Assert.Equal(10, report.Events);
        Assert.Equal(2, report.Checkpoints);

        for (var i = 0; i < 10; i++)
        {
            var proofs = await Prover.ProveEventAsync(store, _key, TestEvents.Parsed(i, 1)[0].AuditId, default);
            var p = Assert.Single(proofs);
            Assert.Equal(i, p.LeafIndex);
            Assert.Equal(10, p.TreeSize);
            var cp = SignedNote.Open(p.Checkpoint, _key, out _)!;
            Assert.True(ProofVerifier.VerifyInclusion((ulong)i, 10, p.LeafHash, p.Path, cp.Root));
            Assert.Equal(Rfc6962.LeafHash(TestEvents.Parsed(i, 1)[0].Canonical), p.LeafHash);
        }
    }

    [Fact]
    public async Task A_retried_batch_appends_nothing_twice()
    {
        await using var store = await _fixture.OpenAsync();
        var batch = TestEvents.Parsed(0, 50);
        var first = await store.AppendAsync(batch, default);
        var again = await store.AppendAsync(batch, default);
        var overlapping = await store.AppendAsync(TestEvents.Parsed(40, 20), default);
        var withinBatch = await store.AppendAsync([.. TestEvents.Parsed(60, 1), .. TestEvents.Parsed(60, 1)], default);
        Assert.Equal(new AppendResult(50, 0, 50), first);
        Assert.Equal(new AppendResult(0, 50, 50), again);
        Assert.Equal(new AppendResult(10, 10, 60), overlapping);
        Assert.Equal(new AppendResult(1, 1, 61), withinBatch);
        Assert.Equal(61, await store.SizeAsync(default));
    }

    [Fact]
    public async Task Same_auditId_in_another_stage_is_a_new_event()
    {
        await using var store = await _fixture.OpenAsync();
        var started = AuditEventParser.ParseLine(Encoding.UTF8.GetBytes(TestEvents.Event(1, stage: "ResponseStarted")), "t");
        var completed = AuditEventParser.ParseLine(Encoding.UTF8.GetBytes(TestEvents.Event(1)), "t");
        Assert.Equal(2, (await store.AppendAsync([started, completed], default)).Appended);
        Assert.Equal(2, (await store.FindAsync(completed.AuditId, default)).Count);
    }

    [Fact]
    public async Task Consistency_proof_from_an_older_checkpoint_verifies()
    {
        await using var store = await _fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await log.AppendAsync(TestEvents.Parsed(0, 7), default);
        var older = (await log.CheckpointAsync(default))!;
        await log.AppendAsync(TestEvents.Parsed(7, 13), default);
        await log.CheckpointAsync(default);
        var proof = await Prover.ProveConsistencyAsync(store, _key, older, default);
        Assert.Equal(7, proof.Size1);
        Assert.Equal(20, proof.Size2);
        Assert.True(ProofVerifier.VerifyConsistency(7, 20, proof.Root1, proof.Root2, proof.Path));
    }

    [Fact]
    public async Task Two_writers_appending_at_once_keep_one_gapless_log()
    {
        await using var a = await _fixture.OpenAsync();
        await using var b = await _fixture.OpenAsync();
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).AppendAsync(TestEvents.Parsed(i * 25, 30), default))).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(8 * 25 + 5, await a.SizeAsync(default));
        using var log = new AuditLog(a, _key);
        await log.CheckpointAsync(default);
        var report = await LogVerifier.VerifyAsync(b, _key, null, default);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task Query_filters_by_user_verb_resource_namespace_and_time()
    {
        await using var store = await _fixture.OpenAsync();
        var lines = new[]
        {
            TestEvents.Event(1, verb: "get", resource: "secrets", ns: "billing", user: "bob"),
            TestEvents.Event(2, verb: "list", resource: "pods", ns: "billing", user: "alice"),
            TestEvents.Event(3, verb: "get", resource: "secrets", ns: "web", user: "bob"),
        };
        await store.AppendAsync(lines.Select(l => AuditEventParser.ParseLine(Encoding.UTF8.GetBytes(l), "t")).ToList(), default);
        Assert.Equal([0L, 2L], (await store.QueryAsync(new EventQuery { User = "bob" }, default)).Select(e => e.Index));
        Assert.Equal([0L], (await store.QueryAsync(new EventQuery { Resource = "secrets", Namespace = "billing" }, default)).Select(e => e.Index));
        Assert.Equal([1L], (await store.QueryAsync(new EventQuery { Verb = "list" }, default)).Select(e => e.Index));
        var t2 = TestEvents.Parsed(2, 1)[0].Timestamp;
        Assert.Equal([1L, 2L], (await store.QueryAsync(new EventQuery { Since = t2 }, default)).Select(e => e.Index));
        Assert.Equal([0L], (await store.QueryAsync(new EventQuery { Until = t2 }, default)).Select(e => e.Index));
    }

    // ---- Tampering, done to the real file or tables. The log: 10 events, checkpoints at sizes 4 and 10. ----

    [Fact]
    public async Task Changed_event_is_named_by_index_and_auditId()
    {
        await using var store = await SealedLogAsync();
        var forged = TestEvents.Parsed(5, 1)[0].Canonical.ToArray();
        forged[^2] ^= 0x01;
        await _fixture.ExecAsync("UPDATE phiguard_events SET body = @p0 WHERE idx = 5", forged);
        var report = await VerifyAsync(store);
        var p = Assert.Single(report.Problems, x => x.Kind == ProblemKind.ChangedEvent);
        Assert.Contains("index 5", p.Detail, StringComparison.Ordinal);
        Assert.Contains(TestEvents.Parsed(5, 1)[0].AuditId, p.Detail, StringComparison.Ordinal);
        Assert.Contains(report.Problems, x => x.Kind == ProblemKind.RootMismatch && x.Detail.Contains("checkpoint at size 10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changed_event_with_its_leaf_hash_rewritten_breaks_the_checkpoint_it_falls_under()
    {
        await using var store = await SealedLogAsync();
        var forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestEvents.Parsed(6, 1)[0].Canonical).Replace("alice@example.com", "nobody", StringComparison.Ordinal));
        await _fixture.ExecAsync("UPDATE phiguard_events SET body = @p0, leaf = @p1 WHERE idx = 6", forged, Rfc6962.LeafHash(forged));
        var report = await VerifyAsync(store);
        var p = Assert.Single(report.Problems);
        Assert.Equal(ProblemKind.RootMismatch, p.Kind);
        Assert.Contains("checkpoint at size 10", p.Detail, StringComparison.Ordinal);
        Assert.Contains("between index 4 and 9", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_event_is_named_by_index()
    {
        await using var store = await SealedLogAsync();
        await _fixture.ExecAsync("DELETE FROM phiguard_events WHERE idx = 2");
        var report = await VerifyAsync(store);
        var p = Assert.Single(report.Problems, x => x.Kind == ProblemKind.MissingEvent);
        Assert.Contains("index 2 is missing", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_event_with_later_indexes_renumbered_is_still_caught()
    {
        await using var store = await SealedLogAsync();
        await _fixture.ExecAsync("DELETE FROM phiguard_events WHERE idx = 2");
        for (var i = 3; i < 10; i++)
        {
            await _fixture.ExecAsync($"UPDATE phiguard_events SET idx = {i - 1} WHERE idx = {i}");
        }

        var report = await VerifyAsync(store);
        Assert.Contains(report.Problems, x => x.Kind == ProblemKind.RootMismatch && x.Detail.Contains("checkpoint at size 4", StringComparison.Ordinal));
        Assert.Contains(report.Problems, x => x.Kind == ProblemKind.Truncated && x.Detail.Contains("events 9..9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reordered_events_break_the_root_of_their_checkpoint()
    {
        await using var store = await SealedLogAsync();
        await _fixture.ExecAsync("UPDATE phiguard_events SET idx = -1 WHERE idx = 5");
        await _fixture.ExecAsync("UPDATE phiguard_events SET idx = 5 WHERE idx = 8");
        await _fixture.ExecAsync("UPDATE phiguard_events SET idx = 8 WHERE idx = -1");
        var report = await VerifyAsync(store);
        var p = Assert.Single(report.Problems);
        Assert.Equal(ProblemKind.RootMismatch, p.Kind);
        Assert.Contains("checkpoint at size 10", p.Detail, StringComparison.Ordinal);
        Assert.Contains("reordered", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_log_is_caught_by_its_own_checkpoint()
    {
        await using var store = await SealedLogAsync();
        await _fixture.ExecAsync("DELETE FROM phiguard_events WHERE idx >= 7");
        var report = await VerifyAsync(store);
        var p = Assert.Single(report.Problems);
        Assert.Equal(ProblemKind.Truncated, p.Kind);
        Assert.Contains("holds 7 events but this checkpoint covers 10", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_log_with_its_checkpoints_removed_is_caught_by_a_checkpoint_kept_elsewhere()
    {
        await using var store = await SealedLogAsync();
        var kept = (await store.CheckpointsAsync(default))[^1].Note;
        await _fixture.ExecAsync("DELETE FROM phiguard_events WHERE idx >= 6");
        await _fixture.ExecAsync("DELETE FROM phiguard_checkpoints WHERE size > 4");
        Assert.True((await LogVerifier.VerifyAsync(store, _key, null, default)).Intact);
        var report = await LogVerifier.VerifyAsync(store, _key, [kept], default);
        var p = Assert.Single(report.Problems);
        Assert.Equal(ProblemKind.Truncated, p.Kind);
        Assert.Contains("trusted checkpoint #1", p.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidDataException>(() => Prover.ProveConsistencyAsync(store, _key, kept, default));
    }

    [Fact]
    public async Task Replaced_checkpoint_from_another_log_signed_with_the_same_key_is_caught()
    {
        await using var store = await SealedLogAsync();
        var other = new Checkpoint(store.Origin, 10, Rfc6962.LeafHash("another tree"u8), DateTimeOffset.UtcNow);
        await _fixture.ExecAsync("UPDATE phiguard_checkpoints SET note = @p0 WHERE size = 10", SignedNote.Sign(other, _key));
        var p = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal(ProblemKind.RootMismatch, p.Kind);
        Assert.Contains("checkpoint at size 10", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_moved_to_another_size_is_caught()
    {
        await using var store = await SealedLogAsync();
        var four = (await store.CheckpointsAsync(default))[0].Note;
        await _fixture.ExecAsync("UPDATE phiguard_checkpoints SET note = @p0 WHERE size = 10", four);
        var p = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal(ProblemKind.ReplacedCheckpoint, p.Kind);
        Assert.Contains("stored at size 10 holds a note for size 4", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_signature_is_caught()
    {
        await using var store = await SealedLogAsync();
        var note = (await store.CheckpointsAsync(default))[1].Note;
        var sigStart = note.LastIndexOf(' ') + 1;
        var blob = Convert.FromBase64String(note[sigStart..].TrimEnd('\n'));
        blob[^3] ^= 0x40;
        await _fixture.ExecAsync("UPDATE phiguard_checkpoints SET note = @p0 WHERE size = 10", note[..sigStart] + Convert.ToBase64String(blob) + "\n");
        var p = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal(ProblemKind.BadSignature, p.Kind);
        Assert.Contains("checkpoint stored at size 10: signature does not verify", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_signed_by_another_key_is_caught()
    {
        await using var store = await SealedLogAsync();
        using var attacker = SigningKey.Generate();
        var body = SignedNote.Open((await store.CheckpointsAsync(default))[1].Note, _key, out _)!;
        await _fixture.ExecAsync("UPDATE phiguard_checkpoints SET note = @p0 WHERE size = 10", SignedNote.Sign(body, attacker));
        var p = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal(ProblemKind.BadSignature, p.Kind);
        Assert.Contains("no signature by the given key", p.Detail, StringComparison.Ordinal);
    }

    private async Task<IAuditStore> SealedLogAsync()
    {
        var store = await _fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await log.AppendAsync(TestEvents.Parsed(0, 4), default);
        await log.CheckpointAsync(default);
        await log.AppendAsync(TestEvents.Parsed(4, 6), default);
        await log.CheckpointAsync(default);
        Assert.True((await LogVerifier.VerifyAsync(store, _key, null, default)).Intact);
        return store;
    }

    private async Task<VerifyReport> VerifyAsync(IAuditStore store)
    {
        var report = await LogVerifier.VerifyAsync(store, _key, null, default);
        Assert.False(report.Intact);
        return report;
    }
}
