using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PhiGuard.Sources.Etcd;

/// <summary>
/// Proves encryption at rest from etcd itself: lists the keys under <c>/registry/secrets/</c> names-only through
/// etcd's v3 JSON gateway (<c>POST /v3/kv/range</c>, base64 keys), reads the values of an evenly spread sample and
/// classifies each by its stored prefix. Reads only; value bytes beyond the prefix are never kept or returned.
/// </summary>
public static class EtcdEncryptionProbe
{
    /// <summary>The gateway's paths: <c>/v3</c> (etcd 3.4+) then <c>/v3beta</c> (etcd 3.3).</summary>
    private static readonly string[] GatewayPaths = ["/v3/kv/range", "/v3beta/kv/range"];

    public static async Task<EtcdProbeResult> RunAsync(EtcdProbeOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var http = CreateClient(options);
        var failures = new List<string>();
        foreach (var endpoint in options.Endpoints)
        {
            try
            {
                return await ProbeAsync(http, endpoint, options, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{endpoint}: {ex.Message}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                failures.Add($"{endpoint}: no answer within {options.Timeout.TotalSeconds:0} s");
            }
        }

        throw new EtcdProbeException("cannot reach etcd: " + string.Join("; ", failures));
    }

    /// <summary>The etcd key that ends a prefix range: the prefix with its last byte incremented.</summary>
    public static byte[] RangeEnd(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var end = (byte[])prefix.Clone();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return [0];
    }

    private static async Task<EtcdProbeResult> ProbeAsync(HttpClient http, Uri endpoint, EtcdProbeOptions options, CancellationToken ct)
    {
        var prefix = Encoding.UTF8.GetBytes(options.KeyPrefix);
        var (path, listing) = await ListAsync(http, endpoint, prefix, options, ct).ConfigureAwait(false);
        using (listing)
        {
            var root = listing.RootElement;
            var total = root.TryGetProperty("count", out var c) && long.TryParse(c.ValueKind == JsonValueKind.String ? c.GetString() : c.GetRawText(), out var n) ? n : 0;
            var keys = root.TryGetProperty("kvs", out var kvs) && kvs.ValueKind == JsonValueKind.Array
                ? kvs.EnumerateArray().Select(kv => kv.GetProperty("key").GetBytesFromBase64()).ToArray()
                : [];
            var sample = new List<EtcdKeyResult>();
            foreach (var key in Spread(keys, options.Sample))
            {
                using var doc = await PostAsync(http, new Uri(endpoint, path), Body(key, null, keysOnly: false, limit: 1), ct).ConfigureAwait(false);
                if (!doc.RootElement.TryGetProperty("kvs", out var got) || got.ValueKind != JsonValueKind.Array || got.GetArrayLength() == 0)
                {
                    continue; // Deleted between the listing and the read.
                }

                var value = got[0].TryGetProperty("value", out var v) ? v.GetBytesFromBase64() : [];
                var stored = StoredValue.Classify(value);
                CryptographicOperations.ZeroMemory(value);
                sample.Add(new EtcdKeyResult(Encoding.UTF8.GetString(key), stored));
            }

            return new EtcdProbeResult(endpoint.ToString(), options.KeyPrefix, Math.Max(total, keys.Length), sample);
        }
    }

    private static async Task<(string Path, JsonDocument Listing)> ListAsync(HttpClient http, Uri endpoint, byte[] prefix, EtcdProbeOptions options, CancellationToken ct)
    {
        EtcdProbeException? notFound = null;
        foreach (var path in GatewayPaths)
        {
            try
            {
                var doc = await PostAsync(http, new Uri(endpoint, path), Body(prefix, RangeEnd(prefix), keysOnly: true, limit: options.MaxKeys), ct).ConfigureAwait(false);
                return (path, doc);
            }
            catch (EtcdProbeException ex) when (ex.Message.Contains("404", StringComparison.Ordinal))
            {
                notFound = ex;
            }
        }

        throw notFound ?? new EtcdProbeException($"{endpoint}: no etcd v3 gateway");
    }

    /// <summary>Up to <paramref name="count"/> keys at even intervals, so a sample covers old and new Secrets alike.</summary>
    private static IEnumerable<byte[]> Spread(byte[][] keys, int count)
    {
        if (keys.Length <= count)
        {
            return keys;
        }

        return Enumerable.Range(0, count).Select(i => keys[(int)((long)i * keys.Length / count)]);
    }

    private static StringContent Body(byte[] key, byte[]? rangeEnd, bool keysOnly, long limit)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteBase64String("key", key);
            if (rangeEnd is not null)
            {
                w.WriteBase64String("range_end", rangeEnd);
            }

            w.WriteBoolean("keys_only", keysOnly);
            w.WriteNumber("limit", limit);
            w.WriteEndObject();
        }

        return new StringContent(Encoding.UTF8.GetString(stream.ToArray()), Encoding.UTF8, "application/json");
    }

    private static async Task<JsonDocument> PostAsync(HttpClient http, Uri url, StringContent body, CancellationToken ct)
    {
        using (body)
        {
            using var response = await http.PostAsync(url, body, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // etcd's error body names the problem (permission denied, …); it holds no values.
                throw new EtcdProbeException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}");
            }

            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new EtcdProbeException($"{url}: the answer is not etcd gateway JSON ({ex.Message})", ex);
            }
        }
    }

    private static string Shorten(string s) => s.Length <= 200 ? s.Trim() : s[..200].Trim() + "…";

    private static HttpClient CreateClient(EtcdProbeOptions options)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = options.Timeout };
        if (options.Cert is not null || options.Key is not null)
        {
            if (options.Cert is null || options.Key is null)
            {
                handler.Dispose();
                throw new EtcdProbeException("--cert and --key go together (etcd's client certificate and its key)");
            }

            handler.SslOptions.ClientCertificates = [LoadClientCertificate(options.Cert, options.Key)];
        }

        if (options.CaCert is not null)
        {
            var trust = new X509Certificate2Collection();
            try
            {
                trust.ImportFromPemFile(options.CaCert);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                handler.Dispose();
                throw new EtcdProbeException($"{options.CaCert}: not a readable PEM CA bundle ({ex.Message})", ex);
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trust);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = options.Timeout };
    }

    private static X509Certificate2 LoadClientCertificate(string cert, string key)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new EtcdProbeException($"{cert} / {key}: not a readable PEM certificate and key ({ex.Message})", ex);
        }
    }
}
