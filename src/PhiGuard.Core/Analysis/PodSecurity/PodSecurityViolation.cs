namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// One failed Pod Security check: the upstream check id (<c>runAsNonRoot</c>, <c>capabilities_restricted</c>), its
/// short reason and a detail naming the offending fields and containers, plus the field paths inside the pod spec.
/// </summary>
public sealed record PodSecurityViolation(string Check, string Reason, string Detail, IReadOnlyList<string> Paths);
