using System.Net;

namespace PhiGuard.Sources.Live;

/// <summary>
/// The API server answered a request with an error status other than 401 (which is always fatal). The caller decides
/// whether it is a gap (403, 404 on a list) or fatal (on discovery).
/// </summary>
internal sealed class ApiStatusException : Exception
{
    public ApiStatusException()
    {
    }

    public ApiStatusException(string message)
        : base(message)
    {
    }

    public ApiStatusException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ApiStatusException(HttpStatusCode status, string path, string serverMessage)
        : base($"GET {path}: {(int)status} {status}: {serverMessage}")
    {
        Status = status;
        Path = path;
        ServerMessage = serverMessage;
    }

    public HttpStatusCode Status { get; }

    public string Path { get; } = string.Empty;

    /// <summary>The Status object's message (or a short excerpt of a non-Status body), on one line.</summary>
    public string ServerMessage { get; } = string.Empty;
}
