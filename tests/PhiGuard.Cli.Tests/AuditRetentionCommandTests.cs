using PhiGuard.AuditTrail.Tests.Support;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// <c>audit export</c>, <c>audit verify --export</c> and <c>audit prune</c> as a user runs them: a ten-event log
/// (times 2026-11-20T10:00:00Z + n s), archived in two segments, pruned only outside the retention period.
/// </summary>
public sealed class AuditRetentionCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Store => "sqlite:" + Path.Combine(_dir.Path, "log", "audit.db");

    private string Pub => Path.Combine(_dir.Path, "keys", "signing.pub");

    private string Dir(string name) => Path.Combine(_dir.Path, "archive", name);

    [Fact]
    public void Export_verify_offline_and_prune_outside_retention_only()
    {
        Ok(CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var file = _dir.File("a.jsonl", string.Join("\n", Enumerable.Range(0, 10).Select(i => TestEvents.Event(i))));
        Ok(CliRunner.Run(["audit", "ingest", file, "--store", Store, "--signing-key", Path.Combine(_dir.Path, "keys", "signing.key")]));

        var seg = Ok(CliRunner.Run(["audit", "export", "--store", Store, "--key", Pub, "--segment", "0", "--segment-size", "4", "-o", Dir("s0")]));
        Assert.Contains("exported indexes 0..3 (4 events)", seg.Stdout, StringComparison.Ordinal);
        var until = Ok(CliRunner.Run(["audit", "export", "--store", Store, "--key", Pub, "--until", "10", "--from", "4", "-o", Dir("s1")]));
        Assert.Contains("exported indexes 4..9 (6 events)", until.Stdout, StringComparison.Ordinal);
        var unsealed = CliRunner.Run(["audit", "export", "--store", Store, "--key", Pub, "--segment", "2", "--segment-size", "4", "-o", Dir("s2")]);
        Assert.Equal(2, unsealed.ExitCode);
        Assert.Contains("not sealed", unsealed.Stderr, StringComparison.Ordinal);

        var offline = Ok(CliRunner.Run(["audit", "verify", "--key", Pub, "--export", Dir("s0"), "--export", Dir("s1")]));
        Assert.Contains("verified export", offline.Stdout, StringComparison.Ordinal);
        Assert.Contains("indexes 4..9 (6 events)", offline.Stdout, StringComparison.Ordinal);

        // Within six years (the default) nothing may go, whatever exports exist.
        var refused = CliRunner.Run(["audit", "prune", "--store", Store, "--key", Pub, "--before", "1d", "--export", Dir("s0")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("refused: --before", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("within the retention period (6y)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("verified: 10 events", Ok(CliRunner.Run(["audit", "verify", "--store", Store, "--key", Pub])).Stdout, StringComparison.Ordinal);

        // With a 7-day policy, the segment wholly older than 10:00:06 goes; 4..9 holds newer events and stays.
        var pruned = Ok(CliRunner.Run(["audit", "prune", "--store", Store, "--key", Pub, "--before", "2026-11-20T10:00:06Z", "--retention", "7d", "--export", Dir("s0"), "--export", Dir("s1")]));
        Assert.Contains("pruned 4 events (indexes 0..3)", pruned.Stdout, StringComparison.Ordinal);
        var verify = Ok(CliRunner.Run(["audit", "verify", "--store", Store, "--key", Pub]));
        Assert.Contains("4 pruned events checked by leaf hash", verify.Stdout, StringComparison.Ordinal);
        Ok(CliRunner.Run(["audit", "prove", "--store", Store, "--key", Pub, "--event", TestEvents.Parsed(2, 1)[0].AuditId]));
        var again = CliRunner.Run(["audit", "export", "--store", Store, "--key", Pub, "--segment", "0", "--segment-size", "4", "-o", Dir("again")]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("pruned", again.Stderr, StringComparison.Ordinal);

        // A changed archived line is named offline.
        var events = Path.Combine(Dir("s1"), "events.jsonl");
        var lines = File.ReadAllLines(events);
        lines[1] = lines[1].Replace("\"verb\":\"get\"", "\"verb\":\"delete\"", StringComparison.Ordinal);
        File.WriteAllLines(events, lines);
        var tampered = CliRunner.Run(["audit", "verify", "--key", Pub, "--export", Dir("s1")]);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("ChangedEvent: events.jsonl line 2 (log index 5) was changed", tampered.Stdout, StringComparison.Ordinal);
        foreach (var r in new[] { unsealed, refused, again, tampered })
        {
            Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Retention_comes_from_phiguard_yaml_and_the_flag_overrides_it()
    {
        Ok(CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var file = _dir.File("a.jsonl", string.Join("\n", Enumerable.Range(0, 10).Select(i => TestEvents.Event(i))));
        Ok(CliRunner.Run(["audit", "ingest", file, "--store", Store, "--signing-key", Path.Combine(_dir.Path, "keys", "signing.key")]));
        Ok(CliRunner.Run(["audit", "export", "--store", Store, "--key", Pub, "--segment", "0", "--segment-size", "4", "-o", Dir("s0")]));
        string[] prune = ["audit", "prune", "--store", Store, "--key", Pub, "--before", "2026-11-20T10:00:06Z", "--export", Dir("s0")];

        // The flag wins over the file: 6y refuses although the file says 7d.
        var weekly = _dir.File("weekly.yaml", "auditRetention: 7d\n");
        var overridden = CliRunner.Run([.. prune, "--config", weekly, "--retention", "6y"]);
        Assert.Equal(2, overridden.ExitCode);
        Assert.Contains("within the retention period (6y)", overridden.Stderr, StringComparison.Ordinal);

        // A malformed period in the file is named with its line, and nothing is pruned.
        var bad = _dir.File("bad.yaml", "phiNamespaces: [ehr-prod]\nauditRetention: six years\n");
        var refused = CliRunner.Run([.. prune, "--config", bad]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("bad.yaml:2:", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("auditRetention must be whole years (6y) or days (2190d), not 'six years'", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);

        // The file's 7 days apply when no flag is given.
        var pruned = Ok(CliRunner.Run([.. prune, "--config", weekly]));
        Assert.Contains("pruned 4 events (indexes 0..3)", pruned.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_and_prune_usage_errors_exit_2()
    {
        Ok(CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var file = _dir.File("a.jsonl", TestEvents.Event(0));
        Ok(CliRunner.Run(["audit", "ingest", file, "--store", Store, "--signing-key", Path.Combine(_dir.Path, "keys", "signing.key")]));
        var both = CliRunner.Run(["audit", "export", "--store", Store, "--key", Pub, "--segment", "0", "--until", "1", "-o", Dir("x")]);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("exactly one of --segment N or --until CHECKPOINT", both.Stderr, StringComparison.Ordinal);
        var retention = CliRunner.Run(["audit", "prune", "--store", Store, "--key", Pub, "--before", "2000-01-01", "--retention", "6 years", "--export", Dir("x")]);
        Assert.Equal(2, retention.ExitCode);
        Assert.Contains("expected whole years (6y) or days (2190d)", retention.Stderr, StringComparison.Ordinal);
        var missing = CliRunner.Run(["audit", "prune", "--store", Store, "--key", Pub, "--before", "2000-01-01", "--export", Dir("none")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not verify", missing.Stderr, StringComparison.Ordinal);
        var neither = CliRunner.Run(["audit", "verify", "--key", Pub]);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("needs --store URI or --export DIR", neither.Stderr, StringComparison.Ordinal);
    }

    private static CliResult Ok(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }
}
