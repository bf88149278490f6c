namespace PhiGuard.Core.Config;

/// <summary>
/// A workload outside the PHI namespaces that is meant to reach PHI workloads (ingress controller, monitoring):
/// matched by namespace and, optionally, workload name (both globs) and kind.
/// </summary>
public sealed record NetworkEntryPoint(string Namespace, string? Name = null, string? Kind = null, string? Reason = null)
{
    public bool Matches(string? ns, string kind, string name) =>
        ns is not null && WaiverSelector.Glob(Namespace, ns) &&
        (Name is null || WaiverSelector.Glob(Name, name)) &&
        (Kind is null || string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Namespace}/{Kind ?? "*"}/{Name ?? "*"}";
}
