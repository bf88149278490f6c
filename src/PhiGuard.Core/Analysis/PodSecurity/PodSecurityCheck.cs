namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// One upstream Pod Security check: its id, level, the first policy version it exists in, the baseline check it
/// replaces at restricted (from that version on), and its logic, which may differ by version.
/// </summary>
internal sealed record PodSecurityCheck(
    string Id,
    PodSecurityLevel Level,
    int MinMinor,
    Func<PodInput, int, CheckFailure?> Evaluate,
    string? Overrides = null);
