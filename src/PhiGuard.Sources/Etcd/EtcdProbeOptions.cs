namespace PhiGuard.Sources.Etcd;

/// <summary>Where and how <see cref="EtcdEncryptionProbe"/> reads etcd: endpoints, TLS files, sample size and key prefix.</summary>
public sealed record EtcdProbeOptions
{
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>PEM CA bundle that signs etcd's serving certificate (the system store when null).</summary>
    public string? CaCert { get; init; }

    /// <summary>PEM client certificate and key (etcd's <c>--client-cert-auth</c>), e.g. the API server's etcd client pair.</summary>
    public string? Cert { get; init; }

    public string? Key { get; init; }

    /// <summary>How many values to read (spread evenly over the keys); the key list itself is read names-only.</summary>
    public int Sample { get; init; } = 20;

    public string KeyPrefix { get; init; } = "/registry/secrets/";

    /// <summary>The most key names read in one listing (keys_only); the total count is etcd's, whatever the limit.</summary>
    public int MaxKeys { get; init; } = 100_000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
}
