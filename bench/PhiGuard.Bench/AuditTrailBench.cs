using System.Text;
using BenchmarkDotNet.Attributes;
using PhiGuard.AuditTrail;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.Bench;

/// <summary>
/// Audit trail budget (DESIGN.md): durable SQLite appends in batches of 400 realistic (~1.5 KB) events, and
/// verification (recompute every leaf from the stored bytes, rebuild the tree, check the checkpoint) of a large log.
/// </summary>
[MemoryDiagnoser]
public class AuditTrailBench
{
    public const int AppendEvents = 20_000;
    public const int VerifyEvents = 200_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("phiguard-bench-").FullName;
    private IReadOnlyList<AuditEvent>[] _batches = [];
    private IAuditStore? _verifyStore;
    private SigningKey? _key;
    private byte[] _leaves = [];
    private int _run;

    [GlobalSetup(Target = nameof(AppendSqlite))]
    public void SetupAppend() => _batches = Enumerable.Range(0, AppendEvents / 400).Select(b => Events(b * 400, 400)).ToArray();

    [GlobalSetup(Target = nameof(MerkleRoot))]
    public void SetupMerkle() => _leaves = Enumerable.Range(0, VerifyEvents).SelectMany(i => Rfc6962.LeafHash(BitConverter.GetBytes(i))).ToArray();

    [GlobalSetup(Target = nameof(VerifyLog))]
    public void SetupVerify()
    {
        _key = SigningKey.Generate();

        // One log of VerifyEvents events, sealed with a checkpoint, for the verification benchmark.
        _verifyStore = StoreFactory.OpenAsync("sqlite:" + Path.Combine(_dir, "verify.db"), true, default).GetAwaiter().GetResult();
        using var log = new AuditLog(_verifyStore, _key);
        for (var b = 0; b < VerifyEvents / 400; b++)
        {
            log.AppendAsync(Events(b * 400, 400), default).GetAwaiter().GetResult();
        }

        log.CheckpointAsync(default).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _verifyStore?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _key?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>AppendEvents events in batches of 400 into a fresh SQLite log, each batch one durable commit.</summary>
    [Benchmark]
    public async Task AppendSqlite()
    {
        await using var store = await StoreFactory.OpenAsync("sqlite:" + Path.Combine(_dir, $"append-{_run++}.db"), true, default);
        foreach (var batch in _batches)
        {
            await store.AppendAsync(batch, default);
        }
    }

    /// <summary>Full verification of the VerifyEvents-event log.</summary>
    [Benchmark]
    public async Task<bool> VerifyLog() => (await LogVerifier.VerifyAsync(_verifyStore!, _key!, null, default)).Intact;

    /// <summary>The tree part alone: root of VerifyEvents leaf hashes.</summary>
    [Benchmark]
    public byte[] MerkleRoot()
    {
        var f = new Frontier();
        for (var i = 0; i < _leaves.Length; i += 32)
        {
            f.Append(_leaves.AsSpan(i, 32));
        }

        return f.Root();
    }

    internal static IReadOnlyList<AuditEvent> Events(int from, int count)
    {
        var list = new List<AuditEvent>(count);
        for (var n = from; n < from + count; n++)
        {
            var ts = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(n).ToString("O");
            var json = $$$"""
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"{{{n:x8}}}-1b2c-4d5e-8f90-{{{n:x12}}}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/billing/pods/item-{{{n}}}","verb":"get","user":{"username":"alice@example.com","groups":["system:authenticated","oidc:clinic-staff"],"extra":{"authentication.kubernetes.io/credential-id":["JTI=6c2f0a1e-{{{n}}}"]}},"sourceIPs":["10.20.30.{{{n % 250}}}"],"userAgent":"kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46","objectRef":{"resource":"pods","namespace":"billing","name":"item-{{{n}}}","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"{{{ts}}}","stageTimestamp":"{{{ts}}}","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"clinic-staff-view\" of ClusterRole \"view\" to Group \"oidc:clinic-staff\"","pod-security.kubernetes.io/enforce-policy":"restricted:latest","note":"{{{new string('x', 600)}}}"}}
                """;
            list.Add(AuditEventParser.ParseLine(Encoding.UTF8.GetBytes(json), "bench"));
        }

        return list;
    }
}
