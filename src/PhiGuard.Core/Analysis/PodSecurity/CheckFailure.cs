namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>What one check found wrong: a short reason, a precise detail and the offending field paths.</summary>
internal sealed record CheckFailure(string Reason, string Detail, IReadOnlyList<string> Paths);
