namespace PhiGuard.Core.Analysis.Network;

/// <summary>What a rule's peer matches: pods by selectors, addresses by CIDR, everything, or a CNI-specific test.</summary>
public enum PeerKind
{
    Pods,
    IpBlock,
    Everything,

    /// <summary>A CNI-specific peer (Cilium endpoints/entities/CIDRs, Calico selectors/nets) with its own matchers.</summary>
    Custom,
}
