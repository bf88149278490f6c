using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace PhiGuard.Admission.Images;

/// <summary>
/// Verifies cosign key-based signatures: fetches the signature manifest tagged <c>sha256-&lt;hex&gt;.sig</c> from
/// the image's repository over the OCI distribution API, and accepts the image when one layer's simple-signing
/// payload names the image digest and its <c>dev.cosignproject.cosign/signature</c> annotation verifies with one of
/// the ECDSA P-256 keys. Results are cached (verified and unsigned for <see cref="CacheFor"/>, errors briefly) and
/// every registry call has a timeout, so admission latency stays bounded.
/// </summary>
public sealed class CosignVerifier : IImageSignatureVerifier, IDisposable
{
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    private const int MaxManifestBytes = 1024 * 1024;
    private const int MaxPayloadBytes = 64 * 1024;
    private const int MaxLayers = 32;

    private readonly ECDsa[] keys;
    private readonly HashSet<string> insecure;
    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, (SignatureCheck Check, DateTimeOffset Expires)> cache = new(StringComparer.Ordinal);

    public CosignVerifier(IEnumerable<string> publicKeysPem, IEnumerable<string>? insecureRegistries = null, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(publicKeysPem);
        keys = publicKeysPem.Select(pem =>
        {
            var k = ECDsa.Create();
            k.ImportFromPem(pem);
            return k;
        }).ToArray();
        insecure = new HashSet<string>(insecureRegistries ?? [], StringComparer.OrdinalIgnoreCase);
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>How long one registry look-up may take (the API server gives the whole webhook 5 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan ErrorCacheFor { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Registry round trips made so far (for tests of the cache).</summary>
    public int RegistryCalls => registryCalls;

    private int registryCalls;

    public async Task<SignatureCheck> VerifyAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Digest is null)
        {
            return new SignatureCheck(SignatureState.Unsigned, $"image {image} is not pinned by digest, so its signature cannot be verified");
        }

        var key = $"{image.Registry}/{image.Repository}@{image.Digest}";
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var hit) && hit.Expires > now)
        {
            return hit.Check;
        }

        SignatureCheck check;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            cts.CancelAfter(RequestTimeout);
            try
            {
                check = await FetchAndVerifyAsync(image, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                check = new SignatureCheck(SignatureState.Error, $"registry {image.Registry} did not answer within {RequestTimeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException ex)
            {
                check = new SignatureCheck(SignatureState.Error, $"registry {image.Registry} could not be reached: {ex.Message}");
            }
        }

        cache[key] = (check, now + (check.State == SignatureState.Error ? ErrorCacheFor : CacheFor));
        return check;
    }

    public void Dispose()
    {
        http.Dispose();
        foreach (var k in keys)
        {
            k.Dispose();
        }
    }

    private async Task<SignatureCheck> FetchAndVerifyAsync(ImageReference image, CancellationToken ct)
    {
        var baseUri = $"{(insecure.Contains(image.Registry) ? "http" : "https")}://{image.ApiHost}/v2/{image.Repository}";
        var tag = image.Digest!.Replace(':', '-') + ".sig";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUri}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        Interlocked.Increment(ref registryCalls);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new SignatureCheck(SignatureState.Unsigned, $"image {image} has no cosign signature ({tag} not found)");
        }

        if (!response.IsSuccessStatusCode)
        {
            return new SignatureCheck(SignatureState.Error, $"registry {image.Registry} answered {(int)response.StatusCode} for the signature of {image}");
        }

        var manifestBytes = await ReadBoundedAsync(response.Content, MaxManifestBytes, ct).ConfigureAwait(false);
        if (manifestBytes is null)
        {
            return new SignatureCheck(SignatureState.Error, $"signature manifest of {image} is larger than {MaxManifestBytes} bytes");
        }

        List<(string Digest, string Signature)> layers;
        try
        {
            layers = SignedLayers(manifestBytes);
        }
        catch (JsonException)
        {
            return new SignatureCheck(SignatureState.Error, $"signature manifest of {image} is not valid JSON");
        }

        foreach (var (digest, signature) in layers.Take(MaxLayers))
        {
            if (!ImageReference.IsSha256Digest(digest))
            {
                continue;
            }

            var payload = await FetchBlobAsync($"{baseUri}/blobs/{digest}", digest, ct).ConfigureAwait(false);
            if (payload is not null && PayloadNamesDigest(payload, image.Digest) && SignatureVerifies(payload, signature))
            {
                return new SignatureCheck(SignatureState.Verified, $"image {image} is signed by a trusted key");
            }
        }

        return new SignatureCheck(SignatureState.Unsigned, $"image {image} has {layers.Count} signature(s), none valid for this digest with a trusted key");
    }

    private static List<(string Digest, string Signature)> SignedLayers(byte[] manifest)
    {
        using var doc = JsonDocument.Parse(manifest);
        var result = new List<(string, string)>();
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("layers", out var layers) &&
            layers.ValueKind == JsonValueKind.Array)
        {
            foreach (var layer in layers.EnumerateArray())
            {
                if (layer.ValueKind == JsonValueKind.Object &&
                    layer.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String &&
                    layer.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object &&
                    a.TryGetProperty(SignatureAnnotation, out var s) && s.ValueKind == JsonValueKind.String)
                {
                    result.Add((d.GetString()!, s.GetString()!));
                }
            }
        }

        return result;
    }

    private async Task<byte[]?> FetchBlobAsync(string uri, string digest, CancellationToken ct)
    {
        Interlocked.Increment(ref registryCalls);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var bytes = await ReadBoundedAsync(response.Content, MaxPayloadBytes, ct).ConfigureAwait(false);

        // The registry is not trusted: the blob must be the one the manifest names.
        return bytes is not null && "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) == digest ? bytes : null;
    }

    private static bool PayloadNamesDigest(byte[] payload, string digest)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("critical", out var critical) && critical.ValueKind == JsonValueKind.Object &&
                   critical.TryGetProperty("image", out var img) && img.ValueKind == JsonValueKind.Object &&
                   img.TryGetProperty("docker-manifest-digest", out var d) && d.ValueKind == JsonValueKind.String &&
                   d.GetString() == digest;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool SignatureVerifies(byte[] payload, string signatureBase64)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }

        foreach (var key in keys)
        {
            // cosign writes ASN.1 DER signatures over the SHA-256 of the payload.
            if (key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int max, CancellationToken ct)
    {
        if (content.Headers.ContentLength > max)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
