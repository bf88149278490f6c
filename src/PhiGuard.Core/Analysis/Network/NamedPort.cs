namespace PhiGuard.Core.Analysis.Network;

/// <summary>A container port of a pod, with the name policies may refer to it by.</summary>
public sealed record NamedPort(string? Name, int Number, string Protocol);
