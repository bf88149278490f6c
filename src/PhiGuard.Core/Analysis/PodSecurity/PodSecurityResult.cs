namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>The outcome of evaluating one pod at one level and version: allowed when no check fails.</summary>
public sealed record PodSecurityResult(PodSecurityLevel Level, PodSecurityVersion Version, IReadOnlyList<PodSecurityViolation> Violations)
{
    public bool Allowed => Violations.Count == 0;
}
