namespace PhiGuard.Sources.Live;

/// <summary>
/// The cluster could not be read: unreachable, bad credentials (401), TLS failure, timeout or bad configuration.
/// The message names the server and the cause and is fit to show a user as it is (no stack trace needed).
/// </summary>
public sealed class ClusterAccessException : Exception
{
    public ClusterAccessException()
    {
    }

    public ClusterAccessException(string message)
        : base(message)
    {
    }

    public ClusterAccessException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ClusterAccessException(ClusterAccessFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What kind of failure this is; the CLI maps <see cref="ClusterAccessFailure.Configuration"/> to a usage error.</summary>
    public ClusterAccessFailure Failure { get; } = ClusterAccessFailure.Protocol;
}
