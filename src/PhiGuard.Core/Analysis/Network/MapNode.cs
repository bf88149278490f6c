namespace PhiGuard.Core.Analysis.Network;

/// <summary>One box of the PHI data-flow map: a workload, Service, Ingress or an outside destination.</summary>
public sealed record MapNode(string Id, string Label, MapNodeKind Kind, string? Namespace, bool Phi);
