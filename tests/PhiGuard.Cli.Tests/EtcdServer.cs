using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// A real etcd (Debian's <c>etcd-server</c> binary, installed by scripts/test.sh) on free 127.0.0.1 ports with a
/// temporary data directory, optionally serving TLS with client-certificate authentication; killed on dispose.
/// </summary>
internal sealed class EtcdServer : IDisposable
{
    private readonly Process process;
    private readonly TempDir data = new();
    private readonly HttpClient http;

    public EtcdServer(string? certFile = null, string? keyFile = null, string? clientCaFile = null, HttpClient? client = null)
    {
        var binary = new[] { "/usr/bin/etcd", "/usr/local/bin/etcd" }.FirstOrDefault(File.Exists)
                     ?? throw new InvalidOperationException("etcd is not installed: run scripts/test.sh (it installs Debian's etcd-server) or apt-get install -y etcd-server");
        var scheme = certFile is null ? "http" : "https";
        var clientPort = FreePort();
        var peerPort = FreePort();
        Endpoint = $"{scheme}://127.0.0.1:{clientPort}";
        var args = new List<string>
        {
            "--name", "phiguard-test", "--data-dir", Path.Combine(data.Path, "data"),
            "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"phiguard-test=http://127.0.0.1:{peerPort}", "--log-level", "error",
        };
        if (certFile is not null)
        {
            args.AddRange(["--cert-file", certFile, "--key-file", keyFile!, "--client-cert-auth", "--trusted-ca-file", clientCaFile!]);
        }

        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        http = client ?? new HttpClient();
        WaitReady();
    }

    public string Endpoint { get; }

    /// <summary>Writes a key through the same v3 JSON gateway the command reads.</summary>
    public void Put(string key, byte[] value)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key)), ["value"] = Convert.ToBase64String(value) });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = http.PostAsync(new Uri(Endpoint + "/v3/kv/put"), content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
        http.Dispose();
        data.Dispose();
    }

    private void WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with code {process.ExitCode} on start");
            }

            try
            {
                using var response = http.GetAsync(new Uri(Endpoint + "/health")).GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException($"etcd did not become healthy on {Endpoint} within 20 s");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
