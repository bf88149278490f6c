using System.Diagnostics;
using System.Globalization;
using System.Text;
using PhiGuard.AuditTrail;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.Bench;

/// <summary>
/// Plain timed runs of the audit trail's budget (too long for BenchmarkDotNet iterations): durable SQLite appends of
/// webhook EventLists (parse + canonicalise + hash + commit, as the sink does) and full verification of a large log.
/// Usage: <c>audit-append [events]</c>, <c>audit-verify [events]</c>.
/// </summary>
internal static class AuditTrailLoad
{
    private const int BatchSize = 400;

    public static async Task<int> AppendAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var dir = Directory.CreateTempSubdirectory("phiguard-append-");
        try
        {
            // The request bodies are built before the clock starts: the sink receives them ready-made too.
            var bodies = Enumerable.Range(0, total / BatchSize).Select(b => EventList(b * BatchSize, BatchSize)).ToArray();
            var bytes = bodies.Sum(b => (long)b.Length);
            Console.WriteLine($"{total:N0} events in {bodies.Length} EventLists, {bytes / total:N0} bytes per event on average; load {Load()}");

            // Warm-up: tiered JIT compiles the hot paths to optimised code before anything is timed.
            await using (var warm = await StoreFactory.OpenAsync("sqlite:" + Path.Combine(dir.FullName, "warm.db"), true, default))
            {
                for (var i = 0; i < 20; i++)
                {
                    await warm.AppendAsync(AuditEventParser.ParseEventList(EventList(10_000_000 + (i * BatchSize), BatchSize)), default);
                }
            }

            await using (var store = await StoreFactory.OpenAsync("sqlite:" + Path.Combine(dir.FullName, "parse.db"), true, default))
            {
                var cpu0 = Cpu();
                var parse = Stopwatch.StartNew();
                var parsed = bodies.Select(b => AuditEventParser.ParseEventList(b)).ToArray();
                parse.Stop();
                var cpu1 = Cpu();
                var append = Stopwatch.StartNew();
                foreach (var batch in parsed)
                {
                    await store.AppendAsync(batch, default);
                }

                append.Stop();
                var cpu2 = Cpu();
                Console.WriteLine($"parse+canonicalise: {Rate(total, parse.Elapsed)} ({PerEvent(cpu1 - cpu0, total)} CPU per event)");
                Console.WriteLine($"durable append (hash + insert + commit): {Rate(total, append.Elapsed)} ({PerEvent(cpu2 - cpu1, total)} CPU per event)");
            }

            // End to end as the sink does it, one EventList at a time.
            await using (var store = await StoreFactory.OpenAsync("sqlite:" + Path.Combine(dir.FullName, "e2e.db"), true, default))
            {
                var cpu0 = Cpu();
                var clock = Stopwatch.StartNew();
                foreach (var body in bodies)
                {
                    await store.AppendAsync(AuditEventParser.ParseEventList(body), default);
                }

                clock.Stop();
                Console.WriteLine($"end to end (parse, canonicalise, hash, insert, commit per batch of {BatchSize}): {Rate(total, clock.Elapsed)} ({PerEvent(Cpu() - cpu0, total)} CPU per event); load {Load()}");
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    public static async Task<int> VerifyAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var dir = Directory.CreateTempSubdirectory("phiguard-verify-");
        try
        {
            using var key = SigningKey.Generate();
            var path = Path.Combine(dir.FullName, "verify.db");
            var fill = Stopwatch.StartNew();
            await using (var store = await StoreFactory.OpenAsync("sqlite:" + path, true, default))
            {
                using var log = new AuditLog(store, key);
                for (var b = 0; b < total / BatchSize; b++)
                {
                    await log.AppendAsync(AuditEventParser.ParseEventList(EventList(b * BatchSize, BatchSize)), default);
                    if (b % 250 == 249)
                    {
                        await log.CheckpointAsync(default);
                    }
                }

                await log.CheckpointAsync(default);
            }

            fill.Stop();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Console.WriteLine($"wrote {total:N0} events ({new FileInfo(path).Length / 1_048_576:N0} MB) in {fill.Elapsed.TotalSeconds:F1} s ({Rate(total, fill.Elapsed)} with checkpoints every 100,000)");

            for (var run = 1; run <= 2; run++)
            {
                await using var store = await StoreFactory.OpenAsync("sqlite:" + path, false, default);
                var load = Load();
                var cpu0 = Cpu();
                var clock = Stopwatch.StartNew();
                var report = await LogVerifier.VerifyAsync(store, key, null, default);
                clock.Stop();
                Console.WriteLine($"verify CPU: {PerEvent(Cpu() - cpu0, total)} per event");
                Console.WriteLine($"verify run {run}: {report.Events:N0} events, {report.Checkpoints} checkpoints, intact={report.Intact} in {clock.Elapsed.TotalSeconds:F2} s ({Rate(total, clock.Elapsed)}); load before {load}");
                if (!report.Intact)
                {
                    return 1;
                }
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A webhook EventList of realistic Metadata/Request-level events (1–3 KB each, random v4-style auditIDs as the
    /// API server issues them, so the (auditID, stage) index sees random inserts as in production).
    /// </summary>
    internal static byte[] EventList(int from, int count)
    {
        var rng = new Random(from);
        var sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (var n = from; n < from + count; n++)
        {
            if (n > from)
            {
                sb.Append(',');
            }

            var idBytes = new byte[16];
            rng.NextBytes(idBytes);
            var id = new Guid(idBytes).ToString();
            var ts = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(n).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
            var pad = new string('x', rng.Next(100, 1700));
            sb.Append(CultureInfo.InvariantCulture, $$$"""
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"{{{id}}}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/billing/pods/item-{{{n}}}","verb":"get","user":{"username":"alice@example.com","groups":["system:authenticated","oidc:clinic-staff"],"extra":{"authentication.kubernetes.io/credential-id":["JTI=6c2f0a1e-{{{n}}}"]}},"sourceIPs":["10.20.30.{{{n % 250}}}"],"userAgent":"kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46","objectRef":{"resource":"pods","namespace":"billing","name":"item-{{{n}}}","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"{{{ts}}}","stageTimestamp":"{{{ts}}}","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"clinic-staff-view\" of ClusterRole \"view\" to Group \"oidc:clinic-staff\"","pod-security.kubernetes.io/enforce-policy":"restricted:latest","note":"{{{pad}}}"}}
                """);
        }

        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static string PerEvent(TimeSpan cpu, long events) => $"{cpu.TotalMicroseconds / events:F1} µs";

    private static string Rate(long events, TimeSpan elapsed) => $"{events / elapsed.TotalSeconds:N0} events/s";

    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
