using System.Text;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Retention;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Tests.Support;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.AuditTrail.Tests.Stores;

/// <summary>
/// Retention, part of the store contract, run against SQLite and PostgreSQL: sealed segments export to files that
/// verify offline (and a tampered file is named), and pruning removes only exported segments older than the retention
/// period while the rest of the log still verifies and proves. The log: 10 events (times 10:00:00..10:00:09 on
/// 2026-11-20), checkpoints at sizes 4 and 10.
/// </summary>
public abstract class RetentionContractTests : IAsyncLifetime
{
    // Six years and a bit after the test events: everything in the log is outside the default retention period.
    private static readonly DateTimeOffset Later = new(2033, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SigningKey _key = SigningKey.Generate();
    private readonly string _dir = Directory.CreateTempSubdirectory("phiguard-export-").FullName;
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
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Exported_segment_verifies_offline_with_only_the_public_key()
    {
        await using var store = await SealedLogAsync();
        var m = await SegmentExporter.ExportAsync(store, _key, 4, 8, Dir("s1"), null, default);
        Assert.Equal((4L, 8L, 10L), (m.From, m.To, m.TreeSize));
        Assert.Equal(TestEvents.Parsed(7, 1)[0].Timestamp, m.NewestEvent);
        var lines = File.ReadAllLines(Path.Combine(Dir("s1"), ExportManifest.EventsFile));
        Assert.Equal(Enumerable.Range(4, 4).Select(i => Encoding.UTF8.GetString(TestEvents.Parsed(i, 1)[0].Canonical)), lines);

        using var pub = PublicKey();
        var report = await ExportVerifier.VerifyAsync(Dir("s1"), pub, default);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        Assert.Equal(4, report.Events);

        // Whole log and a range at the start verify too (no proof hashes on one side).
        Assert.True((await ExportVerifier.VerifyAsync(await ExportAsync(store, 0, 10, "all"), pub, default)).Intact);
        Assert.True((await ExportVerifier.VerifyAsync(await ExportAsync(store, 0, 3, "head"), pub, default)).Intact);
    }

    [Fact]
    public async Task Changed_line_in_an_export_is_named_by_line_and_log_index()
    {
        await using var store = await SealedLogAsync();
        var dir = await ExportAsync(store, 4, 8, "s1");
        var path = Path.Combine(dir, ExportManifest.EventsFile);
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1].Replace("alice@example.com", "mallory@example.com", StringComparison.Ordinal);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");

        using var pub = PublicKey();
        var report = await ExportVerifier.VerifyAsync(dir, pub, default);
        Assert.False(report.Intact);
        var changed = Assert.Single(report.Problems, p => p.Kind == ProblemKind.ChangedEvent);
        Assert.Contains("line 2 (log index 5)", changed.Detail, StringComparison.Ordinal);
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.ExportDamaged && p.Detail.Contains(ExportManifest.EventsFile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Line_rewritten_with_its_leaf_and_manifest_hashes_still_breaks_the_signed_root()
    {
        await using var store = await SealedLogAsync();
        var dir = await ExportAsync(store, 4, 8, "s1");
        var events = Path.Combine(dir, ExportManifest.EventsFile);
        var lines = File.ReadAllLines(events);
        lines[2] = lines[2].Replace("\"verb\":\"get\"", "\"verb\":\"list\"", StringComparison.Ordinal);
        File.WriteAllText(events, string.Join("\n", lines) + "\n");
        var leaves = File.ReadAllBytes(Path.Combine(dir, ExportManifest.LeavesFile));
        Rfc6962.LeafHash(Encoding.UTF8.GetBytes(lines[2])).CopyTo(leaves, 2 * 32);
        File.WriteAllBytes(Path.Combine(dir, ExportManifest.LeavesFile), leaves);
        await RewriteManifestHashesAsync(dir);

        using var pub = PublicKey();
        var p = Assert.Single((await ExportVerifier.VerifyAsync(dir, pub, default)).Problems);
        Assert.Equal(ProblemKind.RootMismatch, p.Kind);
        Assert.Contains("indexes 4..7", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removed_line_and_forged_checkpoint_in_an_export_are_caught()
    {
        await using var store = await SealedLogAsync();
        var dir = await ExportAsync(store, 4, 8, "s1");
        var events = Path.Combine(dir, ExportManifest.EventsFile);
        File.WriteAllLines(events, File.ReadAllLines(events).Take(3));
        var note = Path.Combine(dir, ExportManifest.CheckpointFile);
        using var attacker = SigningKey.Generate();
        File.WriteAllText(note, SignedNote.Sign(SignedNote.Open(File.ReadAllText(note), _key, out _)!, attacker));

        using var pub = PublicKey();
        var report = await ExportVerifier.VerifyAsync(dir, pub, default);
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.MissingEvent && p.Detail.Contains("holds 3 lines", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.BadSignature && p.Detail.Contains("no signature by the given key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_refuses_events_not_yet_sealed()
    {
        await using var store = await SealedLogAsync();
        await store.AppendAsync(TestEvents.Parsed(10, 5), default);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => SegmentExporter.ExportAsync(store, _key, 8, 12, Dir("x"), null, default));
        Assert.Contains("not sealed: the newest signed checkpoint covers 10 events", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_within_the_retention_period_is_refused_and_changes_nothing()
    {
        await using var store = await SealedLogAsync();
        var dir = await ExportAsync(store, 0, 4, "s0");
        using var pub = PublicKey();

        // The events are from 2026-11-20; a week later, six years of retention forbid any --before.
        var now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var ex = await Assert.ThrowsAsync<RetentionViolationException>(() =>
            Pruner.PruneAsync(store, pub, now.AddDays(-1), RetentionPeriod.Default, [dir], now, default));
        Assert.Contains("within the retention period (6y)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("older than 2020-11-27T00:00:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.PrunedBeforeAsync(default));
        var report = await LogVerifier.VerifyAsync(store, pub, null, default);
        Assert.True(report.Intact);
        Assert.Equal(0, report.Pruned);
    }

    [Fact]
    public async Task Prune_removes_whole_exported_segments_older_than_the_cutoff_and_the_log_still_verifies_and_proves()
    {
        await using var store = await SealedLogAsync();
        var s0 = await ExportAsync(store, 0, 4, "s0");
        var s1 = await ExportAsync(store, 4, 8, "s1");
        using var pub = PublicKey();

        // --before 10:00:06: segment 0..3 is wholly older, segment 4..7 is not (events 6 and 7), so only 0..3 goes.
        var before = TestEvents.Parsed(6, 1)[0].Timestamp;
        var result = await Pruner.PruneAsync(store, pub, before, RetentionPeriod.Default, [s1, s0], Later, default);
        Assert.Equal(new PruneResult(0, 4, 4, result.StoppedBecause), result);
        Assert.Contains("segment 4..7 holds events up to", result.StoppedBecause, StringComparison.Ordinal);

        var report = await LogVerifier.VerifyAsync(store, pub, null, default);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        Assert.Equal((10L, 4L), (report.Events, report.Pruned));
        Assert.Empty(await store.QueryAsync(new EventQuery { Until = before.AddSeconds(-3) }, default));
        await foreach (var row in store.ReadLeavesAsync(0, 4, default))
        {
            Assert.Empty(row.Body);
        }

        // Pruned and kept events alike still have inclusion proofs; the export still verifies offline.
        foreach (var i in new[] { 1, 7 })
        {
            var p = Assert.Single(await Prover.ProveEventAsync(store, pub, TestEvents.Parsed(i, 1)[0].AuditId, default));
            Assert.Equal(i, p.LeafIndex);
        }

        Assert.True((await ExportVerifier.VerifyAsync(s0, pub, default)).Intact);
        var again = await Assert.ThrowsAsync<InvalidDataException>(() => SegmentExporter.ExportAsync(store, pub, 0, 4, Dir("again"), null, default));
        Assert.Contains("pruned", again.Message, StringComparison.Ordinal);

        // A later --before takes the next segment; pruning is idempotent.
        var second = await Pruner.PruneAsync(store, pub, Later.AddYears(-6), RetentionPeriod.Default, [s0, s1], Later, default);
        Assert.Equal((4L, 8L, 4L), (second.PrunedBeforeWas, second.PrunedBefore, second.Pruned));
        Assert.Contains("no export given covers index 8", second.StoppedBecause, StringComparison.Ordinal);
        Assert.True((await LogVerifier.VerifyAsync(store, pub, null, default)).Intact);
    }

    [Fact]
    public async Task After_pruning_a_changed_pruned_leaf_or_a_body_removed_above_the_boundary_is_caught()
    {
        await using var store = await SealedLogAsync();
        var s0 = await ExportAsync(store, 0, 4, "s0");
        using var pub = PublicKey();
        await Pruner.PruneAsync(store, pub, Later.AddYears(-6), RetentionPeriod.Default, [s0], Later, default);
        await _fixture.ExecAsync("UPDATE phiguard_events SET leaf = @p0 WHERE idx = 2", Rfc6962.LeafHash("forged"u8));
        await _fixture.ExecAsync("UPDATE phiguard_events SET body = @p0 WHERE idx = 6", Array.Empty<byte>());
        var report = await LogVerifier.VerifyAsync(store, pub, null, default);
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.RootMismatch && p.Detail.Contains("checkpoint at size 4", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.ChangedEvent && p.Detail.Contains("index 6", StringComparison.Ordinal)
            && p.Detail.Contains("not below the prune boundary (4)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prune_refuses_an_export_that_does_not_verify_and_removes_nothing()
    {
        await using var store = await SealedLogAsync();
        var s0 = await ExportAsync(store, 0, 4, "s0");
        var events = Path.Combine(s0, ExportManifest.EventsFile);
        File.WriteAllText(events, File.ReadAllText(events).Replace("billing", "billinG", StringComparison.Ordinal));
        using var pub = PublicKey();
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Pruner.PruneAsync(store, pub, Later.AddYears(-6), RetentionPeriod.Default, [s0], Later, default));
        Assert.Contains("does not verify", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.PrunedBeforeAsync(default));
    }

    private string Dir(string name) => Path.Combine(_dir, name);

    private async Task<string> ExportAsync(IAuditStore store, long from, long to, string name)
    {
        await SegmentExporter.ExportAsync(store, _key, from, to, Dir(name), null, default);
        return Dir(name);
    }

    private SigningKey PublicKey()
    {
        var path = Path.Combine(_dir, "signing-" + Guid.NewGuid().ToString("N") + ".pub");
        File.WriteAllText(path, System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", _key.PublicKeyDer));
        return SigningKey.Load(path);
    }

    private static async Task RewriteManifestHashesAsync(string dir)
    {
        var path = Path.Combine(dir, ExportManifest.FileName);
        var m = System.Text.Json.JsonSerializer.Deserialize<ExportManifest>(await File.ReadAllBytesAsync(path))!;
        var files = new List<ExportFile>();
        foreach (var f in m.Files)
        {
            files.Add(await SegmentExporter.DescribeAsync(dir, f.Name, default));
        }

        await File.WriteAllBytesAsync(path, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(m with { Files = files }));
    }

    private async Task<IAuditStore> SealedLogAsync()
    {
        var store = await _fixture.OpenAsync();
        using var log = new AuditLog(store, _key);
        await log.AppendAsync(TestEvents.Parsed(0, 4), default);
        await log.CheckpointAsync(default);
        await log.AppendAsync(TestEvents.Parsed(4, 6), default);
        await log.CheckpointAsync(default);
        return store;
    }
}
