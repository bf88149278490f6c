namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// An arrow of the map: an allowed network flow (with the ports both sides admit) or a routing relation
/// (Ingress to Service, Service to the workloads it selects).
/// </summary>
public sealed record MapEdge(string From, string To, string Label, bool IsFlow);
