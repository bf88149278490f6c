namespace PhiGuard.Core.Analysis.Network;

/// <summary>What a map node stands for.</summary>
public enum MapNodeKind
{
    Workload,
    Service,
    Ingress,
    Internet,
    CloudMetadata,
}
