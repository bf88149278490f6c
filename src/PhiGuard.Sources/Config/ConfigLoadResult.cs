using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Config;

/// <summary>A parsed <c>phiguard.yaml</c> and its errors; any error makes the configuration unusable (exit 2).</summary>
public sealed record ConfigLoadResult(PhiGuardConfig Config, IReadOnlyList<LoadError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
