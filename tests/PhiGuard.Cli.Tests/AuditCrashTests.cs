using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using PhiGuard.AuditTrail.Tests.Support;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// Runs <c>phiguard audit serve</c> as a process, streams EventList batches to it over mTLS, kills it with SIGKILL
/// mid-stream, and checks that every acknowledged event survived and that the log still verifies.
/// </summary>
public sealed class AuditCrashTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestPki _pki = new();

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Sigkill_during_a_stream_of_batches_loses_no_acknowledged_event()
    {
        var keys = Path.Combine(_dir.Path, "keys");
        Assert.Equal(0, CliRunner.Run(["audit", "keygen", "-o", keys]).ExitCode);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "log"));
        var db = Path.Combine(_dir.Path, "log", "audit.db");
        _pki.WritePem(_dir.Path);
        var port = FreePort();

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            CliRunner.CliDll, "audit", "serve", "--store", "sqlite:" + db, "--listen", $"127.0.0.1:{port}",
            "--tls-cert", Path.Combine(_dir.Path, "server.crt"), "--tls-key", Path.Combine(_dir.Path, "server.key"),
            "--client-ca", Path.Combine(_dir.Path, "ca.crt"), "--signing-key", Path.Combine(keys, "signing.key"),
            "--checkpoint-seconds", "1",
        })
        {
            psi.ArgumentList.Add(a);
        }

        using var sink = Process.Start(psi)!;
        var listening = new TaskCompletionSource();
        var stderr = new StringBuilder();
        sink.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        sink.OutputDataReceived += (_, _) => { };
        sink.BeginErrorReadLine();
        sink.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            sink.Kill();
            Assert.Fail("audit serve did not start:\n" + stderr);
        }

        // Four senders post 400-event batches until the sink dies; each remembers the batches answered 200.
        var acked = new ConcurrentBag<int>();
        var uri = new Uri($"https://127.0.0.1:{port}/");
        var next = -1;
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var http = _pki.HttpClient(_pki.Client);
            while (!stop.IsCancellationRequested)
            {
                var batch = Interlocked.Increment(ref next);
                try
                {
                    using var content = new StringContent(TestEvents.EventList(batch * 400, 400), Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync(uri, content);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acked.Add(batch);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // The sink is gone.
                }
            }
        })).ToArray();

        // Let some batches land and at least one checkpoint (every second) be signed, then kill mid-stream. The
        // checkpoint is awaited, not assumed after a fixed delay: on a loaded machine the timer can run late.
        var started = DateTime.UtcNow;
        while ((acked.Count < 4 || DateTime.UtcNow < started.AddSeconds(1.5) || !HasCheckpoint(db)) && DateTime.UtcNow < started.AddSeconds(60))
        {
            await Task.Delay(50);
        }

        sink.Kill(); // SIGKILL on Linux: no shutdown code runs.
        await sink.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        Assert.True(acked.Count >= 4, $"only {acked.Count} batches acknowledged before the kill:\n{stderr}");

        // Every acknowledged event is in the log.
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT audit_id FROM phiguard_events";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                stored.Add(r.GetString(0));
            }
        }

        var missing = acked.SelectMany(b => TestEvents.Parsed(b * 400, 400)).Count(e => !stored.Contains(e.AuditId));
        Assert.Equal(0, missing);

        // The log verifies after the crash, and a restarted sink seals the unsealed tail.
        var verify = CliRunner.Run(["audit", "verify", "--store", "sqlite:" + db, "--key", Path.Combine(keys, "signing.pub")]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var ingest = CliRunner.Run(["audit", "ingest", _dir.File("empty.jsonl", "\n"), "--store", "sqlite:" + db, "--signing-key", Path.Combine(keys, "signing.key")]);
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var sealedAll = CliRunner.Run(["audit", "verify", "--store", "sqlite:" + db, "--key", Path.Combine(keys, "signing.pub")]);
        Assert.Contains($"verified: {stored.Count} events", sealedAll.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not yet sealed", sealedAll.Stdout, StringComparison.Ordinal);
    }

    private static bool HasCheckpoint(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM phiguard_checkpoints";
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
