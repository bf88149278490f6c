namespace PhiGuard.Core.Engine;

/// <summary>
/// How bad a failure is. Critical: direct unauthenticated or unencrypted exposure of ePHI, or loss of audit or
/// backup; high: a likely path to PHI exposure; medium: defence in depth; low: informational.
/// </summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
