using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;

namespace PhiGuard.Core.Engine;

/// <summary>What to scan with: config, profile, and optional filters on controls and namespaces.</summary>
public sealed record ScanOptions
{
    public PhiGuardConfig Config { get; init; } = PhiGuardConfig.Default;

    public Profile Profile { get; init; } = Profile.Hipaa;

    /// <summary>Run only these control ids (all when empty).</summary>
    public IReadOnlyList<string> Controls { get; init; } = [];

    /// <summary>Judge only objects in these namespaces (cluster-scoped objects are kept); all when empty.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>
    /// Roll control results up per HIPAA safeguard (default). Admission turns findings into a decision and never
    /// reports safeguards, so it skips the roll-up: about three quarters of a one-object scan's allocations.
    /// </summary>
    public bool SafeguardRollUp { get; init; } = true;

    /// <summary>The inputs, as the user named them, for the report header.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];
}
