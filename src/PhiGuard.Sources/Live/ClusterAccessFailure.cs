namespace PhiGuard.Sources.Live;

/// <summary>Why a cluster could not be read at all (as opposed to one resource type being unreadable).</summary>
public enum ClusterAccessFailure
{
    /// <summary>The kubeconfig or in-cluster configuration is missing or invalid (file, context, credentials).</summary>
    Configuration,

    /// <summary>The API server could not be reached: connection refused, unknown host, network error.</summary>
    Unreachable,

    /// <summary>TLS failed: untrusted certificate, handshake error.</summary>
    Tls,

    /// <summary>The server answered 401: the credentials were not accepted.</summary>
    Authentication,

    /// <summary>A request did not complete within the configured timeout.</summary>
    Timeout,

    /// <summary>The server answered in a way that prevents reading the cluster (discovery refused, not JSON, …).</summary>
    Protocol,
}
