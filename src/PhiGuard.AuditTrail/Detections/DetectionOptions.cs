namespace PhiGuard.AuditTrail.Detections;

/// <summary>What the rules need to know about the cluster: which namespaces hold PHI and which identities are break-glass.</summary>
public sealed record DetectionOptions
{
    public IReadOnlySet<string> PhiNamespaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlySet<string> BreakGlassUsers { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
