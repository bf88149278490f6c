namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>A Pod Security Standards level: privileged allows everything, restricted includes baseline.</summary>
public enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}
