using System.Text.Json;
using PhiGuard.AuditTrail.Tests.Support;

namespace PhiGuard.Cli.Tests;

/// <summary>The audit subcommands as a user runs them: keygen, ingest, verify, prove, consistency, query, review.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Store => "sqlite:" + Path.Combine(_dir.Path, "log", "audit.db");

    private string Priv => Path.Combine(_dir.Path, "keys", "signing.key");

    private string Pub => Path.Combine(_dir.Path, "keys", "signing.pub");

    [Fact]
    public void Ingest_verify_prove_consistency_query_and_review_work_end_to_end()
    {
        Ok(CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var first = _dir.File("first.jsonl", string.Join("\n", Enumerable.Range(0, 30).Select(i => TestEvents.Event(i))) + "\n");
        var second = _dir.File("second.jsonl", string.Join("\n", Enumerable.Range(30, 12).Select(i =>
            i == 33 ? TestEvents.Event(i, verb: "create", ns: "billing", subresource: "exec") : TestEvents.Event(i, resource: "secrets", user: "bob"))));

        var ingest = Ok(CliRunner.Run(["audit", "ingest", first, "--store", Store, "--signing-key", Priv]));
        Assert.Contains("ingested 30 events", ingest.Stdout, StringComparison.Ordinal);
        var checkpoint = _dir.File("cp30.note", QueryCheckpoint());
        Ok(CliRunner.Run(["audit", "ingest", second, first, "--store", Store, "--signing-key", Priv]));

        var verify = Ok(CliRunner.Run(["audit", "verify", "--store", Store, "--key", Pub, "--checkpoint", checkpoint]));
        Assert.Contains("verified: 42 events, 2 checkpoints", verify.Stdout, StringComparison.Ordinal);

        var prove = Ok(CliRunner.Run(["audit", "prove", "--store", Store, "--key", Pub, "--event", TestEvents.Parsed(33, 1)[0].AuditId]));
        using (var doc = JsonDocument.Parse(prove.Stdout))
        {
            var p = doc.RootElement[0];
            Assert.Equal(33, p.GetProperty("leafIndex").GetInt64());
            Assert.Equal(42, p.GetProperty("treeSize").GetInt64());
            Assert.StartsWith("phiguard.local/audit\n42\n", p.GetProperty("checkpoint").GetString(), StringComparison.Ordinal);
        }

        var consistency = Ok(CliRunner.Run(["audit", "consistency", "--store", Store, "--key", Pub, "--from", checkpoint]));
        using (var doc = JsonDocument.Parse(consistency.Stdout))
        {
            Assert.Equal(30, doc.RootElement.GetProperty("size1").GetInt64());
            Assert.Equal(42, doc.RootElement.GetProperty("size2").GetInt64());
        }

        var query = Ok(CliRunner.Run(["audit", "query", "--store", Store, "--user", "bob", "--resource", "secrets", "--format", "json"]));
        using (var doc = JsonDocument.Parse(query.Stdout))
        {
            Assert.Equal(11, doc.RootElement.GetArrayLength());
        }

        var review = Ok(CliRunner.Run(["audit", "review", "--store", Store, "--since", "2026-11-01T00:00:00Z", "--phi-namespace", "billing", "--key", Pub]));
        Assert.Contains("Integrity: verified", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("exec-into-phi-namespace", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("| bob |", review.Stdout, StringComparison.Ordinal);
        var html = Ok(CliRunner.Run(["audit", "review", "--store", Store, "--since", "2026-11-01T00:00:00Z", "--format", "html", "-o", Path.Combine(_dir.Path, "r.html")]));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(_dir.Path, "r.html")), StringComparison.Ordinal);
        Assert.Empty(html.Stdout);
    }

    [Fact]
    public void Verify_exits_1_and_names_the_damage_when_the_log_was_truncated_behind_a_kept_checkpoint()
    {
        Ok(CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var file = _dir.File("a.jsonl", string.Join("\n", Enumerable.Range(0, 10).Select(i => TestEvents.Event(i))));
        Ok(CliRunner.Run(["audit", "ingest", file, "--store", Store, "--signing-key", Priv]));
        var kept = _dir.File("kept.note", QueryCheckpoint());
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store[7..]};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM phiguard_events WHERE idx >= 8; DELETE FROM phiguard_checkpoints;";
            cmd.ExecuteNonQuery();
        }

        var verify = CliRunner.Run(["audit", "verify", "--store", Store, "--key", Pub, "--checkpoint", kept]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("Truncated: trusted checkpoint #1 (size 10): the log holds 8 events", verify.Stdout, StringComparison.Ordinal);
        var consistency = CliRunner.Run(["audit", "consistency", "--store", Store, "--key", Pub, "--from", kept]);
        Assert.Equal(1, consistency.ExitCode);
    }

    [Fact]
    public void Bad_input_is_a_clear_error_without_a_stack_trace()
    {
        Ok(CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]));
        var again = CliRunner.Run(["audit", "keygen", "-o", Path.Combine(_dir.Path, "keys")]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("refusing to overwrite", again.Stderr, StringComparison.Ordinal);

        var bad = _dir.File("bad.jsonl", TestEvents.Event(1) + "\n{\"auditID\": \n");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var ingest = CliRunner.Run(["audit", "ingest", bad, "--store", Store, "--signing-key", Priv]);
        Assert.Equal(2, ingest.ExitCode);
        Assert.Contains("bad.jsonl:2: invalid JSON", ingest.Stderr, StringComparison.Ordinal);

        var beside = CliRunner.Run(["audit", "ingest", bad, "--store", "sqlite:" + Path.Combine(_dir.Path, "keys", "audit.db"), "--signing-key", Priv]);
        Assert.Equal(2, beside.ExitCode);
        Assert.Contains("same directory as the log", beside.Stderr, StringComparison.Ordinal);

        var store = CliRunner.Run(["audit", "verify", "--store", "mysql://x", "--key", Pub]);
        Assert.Equal(2, store.ExitCode);
        Assert.Contains("expected sqlite:PATH or postgres://", store.Stderr, StringComparison.Ordinal);

        var noAuth = CliRunner.Run(["audit", "serve", "--store", Store, "--tls-cert", "x", "--tls-key", "y", "--signing-key", Priv]);
        Assert.Equal(2, noAuth.ExitCode);
        Assert.Contains("needs --client-ca (mTLS) or --token-file", noAuth.Stderr, StringComparison.Ordinal);
        foreach (var r in new[] { ingest, beside, store, noAuth })
        {
            Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        }
    }

    private string QueryCheckpoint()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store[7..]};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT note FROM phiguard_checkpoints ORDER BY size DESC LIMIT 1";
        return (string)cmd.ExecuteScalar()!;
    }

    private static CliResult Ok(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }
}
