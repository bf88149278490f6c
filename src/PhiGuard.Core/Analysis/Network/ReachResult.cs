namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Whether traffic from one address to another is allowed: only when the source's egress and the destination's
/// ingress both allow it. For "any port" queries, when the two sides admit at least one port in common.
/// </summary>
public sealed record ReachResult
{
    public required NetworkAddress From { get; init; }

    public required NetworkAddress To { get; init; }

    /// <summary>The port asked about; null for "any port".</summary>
    public TrafficPort? Port { get; init; }

    public required bool Allowed { get; init; }

    public required SideDecision Egress { get; init; }

    public required SideDecision Ingress { get; init; }

    /// <summary>The ports both sides admit (for a single-port query: that port, when allowed).</summary>
    public required IReadOnlyList<PortRange> Ports { get; init; }

    /// <summary>
    /// The policies that decide the outcome, sorted: when allowed, those admitting it on both sides; when denied,
    /// those isolating the side (or sides) that refuse it.
    /// </summary>
    public IReadOnlyList<PolicyModel> DecidedBy =>
        (Allowed ? Egress.DecidedBy.Concat(Ingress.DecidedBy)
            : (Egress.Allowed ? [] : Egress.DecidedBy).Concat(Ingress.Allowed ? [] : Ingress.DecidedBy))
        .Distinct().OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Source.Kind, StringComparer.Ordinal).ToList();
}
