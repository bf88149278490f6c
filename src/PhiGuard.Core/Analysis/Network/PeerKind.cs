namespace PhiGuard.Core.Analysis.Network;

/// <summary>What a rule's peer matches: pods by selectors, addresses by CIDR, or everything.</summary>
public enum PeerKind
{
    Pods,
    IpBlock,
    Everything,
}
