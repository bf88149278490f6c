namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// One ingress or egress rule: it admits traffic when one of its peers matches (no peers: every peer) and one of its
/// ports matches (no ports: every port of every protocol).
/// </summary>
public sealed record PolicyRule(IReadOnlyList<PolicyPeer>? Peers, IReadOnlyList<PolicyPort>? Ports, string Path)
{
    /// <summary>True when the rule names no peers, so it admits every source or destination.</summary>
    public bool AllPeers => Peers is null;

    public bool AllPorts => Ports is null;

    /// <summary>What the rule does when it matches (NetworkPolicy: always Allow).</summary>
    public RuleAction Action { get; init; } = RuleAction.Allow;

    public bool MatchesPeer(NetworkAddress address, NetworkModel model)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Peers is null)
        {
            return true;
        }

        foreach (var p in Peers)
        {
            if (p.Matches(address, model))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The port ranges this rule admits towards <paramref name="destination"/> (null for an external address).</summary>
    public void AddRanges(PodEndpoint? destination, List<PortRange> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (Ports is null)
        {
            foreach (var proto in TrafficPort.Protocols)
            {
                into.Add(new PortRange(proto, 1, 65535));
            }

            return;
        }

        foreach (var p in Ports)
        {
            into.AddRange(p.Resolve(destination));
        }
    }

    public override string ToString() =>
        $"{Path}: {(Action == RuleAction.Allow ? string.Empty : Action.ToString().ToLowerInvariant() + " ")}{(Peers is null ? "any peer" : string.Join(" | ", Peers))} on {(Ports is null ? "any port" : string.Join(",", Ports))}";
}
