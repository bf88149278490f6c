using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiGuard.Admission.Tests.Support;

/// <summary>
/// A real OCI registry: Debian's <c>docker-registry</c> started on a free 127.0.0.1 port with its own storage
/// folder and config, and the distribution API calls to push blobs and manifests.
/// </summary>
public sealed class TestRegistry : IAsyncLifetime, IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    private readonly TempDir dir = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? process;
    private bool disposed;
    private readonly StringBuilder log = new();

    /// <summary><c>127.0.0.1:PORT</c>, as it appears in image references.</summary>
    public string Host { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: run scripts/test.sh, which installs Debian's docker-registry package");
        }

        var port = FreePort();
        Host = $"127.0.0.1:{port}";
        var config = dir.File("config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {dir.File("storage")}
            http:
              addr: {Host}
            """);
        var psi = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(config);
        process = Process.Start(psi) ?? throw new InvalidOperationException("could not start docker-registry");
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var r = await http.GetAsync($"http://{Host}/v2/");
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry did not start on {Host}: {log}");
            }

            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // xUnit calls both DisposeAsync and Dispose on a fixture.
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process?.Dispose();
        http.Dispose();
        dir.Dispose();
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async Task<string> PushBlobAsync(string repo, byte[] bytes)
    {
        var digest = Digest(bytes);
        using var start = await http.PostAsync($"http://{Host}/v2/{repo}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!;
        var uri = location.IsAbsoluteUri ? location : new Uri(new Uri($"http://{Host}"), location);
        var sep = uri.Query.Length == 0 ? "?" : "&";
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync($"{uri}{sep}digest={Uri.EscapeDataString(digest)}", content);
        Assert.True(put.StatusCode == HttpStatusCode.Created, $"blob push answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        return digest;
    }

    public async Task<string> PushManifestAsync(string repo, string reference, JsonObject manifest)
    {
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(OciManifest);
        using var put = await http.PutAsync($"http://{Host}/v2/{repo}/manifests/{reference}", content);
        Assert.True(put.StatusCode == HttpStatusCode.Created, $"manifest push answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        return Digest(bytes);
    }

    /// <summary>Pushes a small image (config and one layer) and returns its manifest digest.</summary>
    public async Task<string> PushImageAsync(string repo, string tag)
    {
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["tag"] = tag } },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
        }.ToJsonString());
        var layer = RandomNumberGenerator.GetBytes(512);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", await PushBlobAsync(repo, config), config.Length),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", await PushBlobAsync(repo, layer), layer.Length)),
        };
        return await PushManifestAsync(repo, tag, manifest);
    }

    /// <summary>Signs like <c>cosign sign --key</c>: a simple-signing payload naming <paramref name="signedDigest"/>, pushed under the tag of <paramref name="imageDigest"/>.</summary>
    public async Task SignAsync(string repo, string imageDigest, ECDsa key, string? signedDigest = null)
    {
        var payload = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["critical"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["docker-reference"] = $"{Host}/{repo}" },
                ["image"] = new JsonObject { ["docker-manifest-digest"] = signedDigest ?? imageDigest },
                ["type"] = "cosign container image signature",
            },
            ["optional"] = null,
        }.ToJsonString());
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var config = Encoding.UTF8.GetBytes("""{"architecture":"","os":"","config":{},"rootfs":{"type":"layers","diff_ids":[]}}""");
        var layer = Descriptor(Images.CosignVerifier.SimpleSigningMediaType, await PushBlobAsync(repo, payload), payload.Length);
        layer["annotations"] = new JsonObject { [Images.CosignVerifier.SignatureAnnotation] = signature };
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", await PushBlobAsync(repo, config), config.Length),
            ["layers"] = new JsonArray(layer),
        };
        await PushManifestAsync(repo, imageDigest.Replace(':', '-') + ".sig", manifest);
    }

    private static JsonObject Descriptor(string mediaType, string digest, int size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
