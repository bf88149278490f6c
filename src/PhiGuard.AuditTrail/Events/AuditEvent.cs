namespace PhiGuard.AuditTrail.Events;

/// <summary>
/// One <c>audit.k8s.io/v1</c> Event as sealed: the canonical bytes (what the leaf hash covers) and the fields the
/// store indexes for queries and detections, all taken from those bytes.
/// </summary>
public sealed record AuditEvent
{
    public required string AuditId { get; init; }

    public required string Stage { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public string User { get; init; } = string.Empty;

    public string Verb { get; init; } = string.Empty;

    public string Resource { get; init; } = string.Empty;

    public string Subresource { get; init; } = string.Empty;

    public string Namespace { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public int Code { get; init; }

    public required byte[] Canonical { get; init; }
}
