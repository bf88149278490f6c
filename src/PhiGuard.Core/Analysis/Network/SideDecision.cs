namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// What one side of a connection decides: the source's egress or the destination's ingress. A side that no policy
/// isolates allows everything; an isolated side allows what one of its policies' rules admits. Outside the cluster
/// a side is not judged (<see cref="External"/>).
/// </summary>
public sealed record SideDecision
{
    public required bool Allowed { get; init; }

    /// <summary>True when at least one policy selects the pod for this direction.</summary>
    public required bool Isolated { get; init; }

    /// <summary>True for an address outside the cluster, which no policy governs.</summary>
    public bool External { get; init; }

    /// <summary>Allowed: the policies whose rules admit the traffic. Denied: the policies that isolate the pod.</summary>
    public required IReadOnlyList<PolicyModel> DecidedBy { get; init; }

    /// <summary>The rules (policy id and field path) that admit the traffic.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>The ports this side admits towards the destination.</summary>
    public IReadOnlyList<PortRange> Ports { get; init; } = [];
}
