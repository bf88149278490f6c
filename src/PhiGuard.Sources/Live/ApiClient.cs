using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Exceptions;

namespace PhiGuard.Sources.Live;

/// <summary>
/// Sends GET requests through the KubernetesClient's own HTTP pipeline (TLS, client certificates and credentials
/// from the kubeconfig) and returns the answer as raw JSON. Every failure becomes a <see cref="ClusterAccessException"/>
/// naming the server and the cause, or an <see cref="ApiStatusException"/> for error statuses the caller may survive.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    /// <summary>Deep enough for CRD schemas, shallow enough to stop a hostile answer.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly Kubernetes kubernetes;
    private readonly TimeSpan timeout;
    private readonly string userAgent = $"phiguard/{typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    public ApiClient(KubernetesClientConfiguration configuration, TimeSpan timeout, string contextDescription)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        this.timeout = timeout;
        ContextDescription = contextDescription;
        try
        {
            kubernetes = new Kubernetes(configuration, new GetOnlyHandler());
        }
        catch (Exception ex) when (ex is KubeConfigException or UriFormatException or FormatException or
                                       System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterAccessException(
                ClusterAccessFailure.Configuration,
                $"cannot use {contextDescription}: {OneLine(ex.Message)}",
                ex);
        }

        Server = kubernetes.BaseUri.ToString().TrimEnd('/');
    }

    /// <summary>The API server's URL as configured, for messages.</summary>
    public string Server { get; }

    /// <summary>Which kubeconfig context (or in-cluster config) is in use, for messages.</summary>
    public string ContextDescription { get; }

    /// <summary>GETs <paramref name="path"/> (absolute, with query) and parses the answer; the caller disposes it.</summary>
    public async Task<JsonDocument> GetJsonAsync(string path, string accept, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var token = cts.Token;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(kubernetes.BaseUri, path.TrimStart('/')))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            request.Headers.TryAddWithoutValidation("Accept", accept);
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            if (kubernetes.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, token).ConfigureAwait(false);
            }

            using var response = await kubernetes.HttpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var message = await ReadStatusMessageAsync(response, token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new ClusterAccessException(
                        ClusterAccessFailure.Authentication,
                        $"authentication failed at {Server} (401 Unauthorized: {message}): the credentials of {ContextDescription} were not accepted");
                }

                throw new ApiStatusException(response.StatusCode, path, message);
            }

            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    return await JsonDocument.ParseAsync(stream, DocumentOptions, token).ConfigureAwait(false);
                }
                catch (JsonException ex)
                {
                    // The exception names the position only, never the content, so it is safe to show.
                    throw new ApiStatusException(response.StatusCode, path, $"the answer is not valid JSON ({OneLine(ex.Message)})");
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterAccessException(
                ClusterAccessFailure.Timeout,
                $"the Kubernetes API server at {Server} did not answer GET {StripQuery(path)} within {timeout.TotalSeconds:0.###} s",
                ex);
        }
        catch (HttpRequestException ex)
        {
            throw Describe(ex, path);
        }
        catch (IOException ex)
        {
            throw new ClusterAccessException(
                ClusterAccessFailure.Unreachable,
                $"the connection to the Kubernetes API server at {Server} was lost during GET {StripQuery(path)}: {OneLine(ex.Message)}",
                ex);
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesClientException)
        {
            // Raised while getting a token (exec plugin, OIDC refresh, token file).
            throw new ClusterAccessException(
                ClusterAccessFailure.Configuration,
                $"cannot get credentials for {ContextDescription}: {OneLine(ex.Message)}",
                ex);
        }
    }

    public void Dispose() => kubernetes.Dispose();

    internal static string OneLine(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 300 ? flat : string.Concat(flat.AsSpan(0, 300), "…");
    }

    private static string StripQuery(string path)
    {
        var q = path.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? path : path[..q];
    }

    private static async Task<string> ReadStatusMessageAsync(HttpResponseMessage response, CancellationToken token)
    {
        var fallback = $"{response.ReasonPhrase ?? response.StatusCode.ToString()}";
        byte[] body;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBodyBytes];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), token).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                body = buffer[..read];
            }
        }
        catch (IOException)
        {
            return fallback;
        }

        if (body.Length == 0)
        {
            return fallback;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String &&
                !string.IsNullOrWhiteSpace(m.GetString()))
            {
                return OneLine(m.GetString()!);
            }
        }
        catch (JsonException)
        {
            // Not a Status object (a proxy's HTML page, plain text): fall through to an excerpt.
        }

        var text = OneLine(Encoding.UTF8.GetString(body));
        return text.Length == 0 ? fallback : text;
    }

    private ClusterAccessException Describe(HttpRequestException ex, string path)
    {
        var (failure, cause) = ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => (ClusterAccessFailure.Unreachable, "the host name could not be resolved"),
            HttpRequestError.SecureConnectionError => (ClusterAccessFailure.Tls, TlsCause(ex)),
            HttpRequestError.ConnectionError => (ClusterAccessFailure.Unreachable, SocketCause(ex)),
            _ when FindInner<AuthenticationException>(ex) is not null => (ClusterAccessFailure.Tls, TlsCause(ex)),
            _ when FindInner<SocketException>(ex) is not null => (ClusterAccessFailure.Unreachable, SocketCause(ex)),
            _ => (ClusterAccessFailure.Unreachable, OneLine(ex.Message)),
        };
        var message = failure == ClusterAccessFailure.Tls
            ? $"TLS connection to the Kubernetes API server at {Server} failed: {cause} (GET {StripQuery(path)}, {ContextDescription})"
            : $"cannot reach the Kubernetes API server at {Server}: {cause} (GET {StripQuery(path)}, {ContextDescription})";
        return new ClusterAccessException(failure, message,
            ex);
    }

    private static string SocketCause(HttpRequestException ex) => FindInner<SocketException>(ex)?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name could not be resolved",
        SocketError.ConnectionReset => "connection reset by the server",
        { } other => $"socket error {other}",
        null => OneLine(ex.InnerException?.Message ?? ex.Message),
    };

    private static string TlsCause(HttpRequestException ex)
    {
        var auth = FindInner<AuthenticationException>(ex);
        var detail = OneLine(auth?.Message ?? ex.InnerException?.Message ?? ex.Message);
        return auth is not null && detail.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal)
            ? "the server's certificate is not trusted by the configured certificate authority"
            : detail;
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
