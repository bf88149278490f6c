using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace PhiGuard.AuditTrail.Sink;

/// <summary>
/// How the sink listens and whom it accepts: TLS always, and either client certificates issued by
/// <see cref="ClientCa"/> (mTLS) or a bearer <see cref="Token"/>; one of the two is required.
/// </summary>
public sealed record AuditSinkOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8444);

    public required X509Certificate2 ServerCertificate { get; init; }

    public X509Certificate2Collection? ClientCa { get; init; }

    public string? Token { get; init; }

    /// <summary>Batches committed at once; a request that cannot start within <see cref="QueueWait"/> gets 503.</summary>
    public int MaxConcurrentBatches { get; init; } = 4;

    public TimeSpan QueueWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The API server sends at most 400 events per batch; 64 MiB leaves room for large request objects.</summary>
    public long MaxBodyBytes { get; init; } = 64L * 1024 * 1024;

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called with the events of each batch after it is committed (detections); never delays or fails the ack.</summary>
    public Action<IReadOnlyList<PhiGuard.AuditTrail.Events.AuditEvent>>? OnCommitted { get; init; }
}
