using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// Evaluates a pod (or any pod template) against a Pod Security Standards level and policy version the way upstream
/// Pod Security Admission does: every check of the level that exists at the version runs, and a restricted check
/// replaces the baseline check it overrides. Pure and thread-safe; used by controls, <c>phiguard pss</c> and admission.
/// </summary>
public static class PodSecurityEvaluator
{
    /// <summary>The upstream check ids, in evaluation order.</summary>
    public static IReadOnlyList<string> CheckIds { get; } = PodSecurityChecks.All.Select(c => c.Id).ToArray();

    /// <summary>Evaluates a workload's pod template; violation paths are inside the workload's object.</summary>
    public static PodSecurityResult Evaluate(Workload workload, PodSecurityLevel level, PodSecurityVersion version)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return Evaluate(workload.PodMetadata, workload.PodSpec, level, version, workload.PodSpecPath);
    }

    /// <summary>
    /// Evaluates a pod given its metadata (for the AppArmor and seccomp annotations) and spec;
    /// <paramref name="specPath"/> prefixes the field paths of violations (<c>spec</c> for a Pod).
    /// </summary>
    public static PodSecurityResult Evaluate(
        JsonElement? podMetadata,
        JsonElement podSpec,
        PodSecurityLevel level,
        PodSecurityVersion version,
        string specPath = "spec")
    {
        ArgumentNullException.ThrowIfNull(specPath);
        if (level == PodSecurityLevel.Privileged)
        {
            return new PodSecurityResult(level, version, []);
        }

        var pod = new PodInput(podMetadata, podSpec, specPath);
        var active = PodSecurityChecks.All
            .Where(c => c.Level <= level && c.MinMinor <= version.Minor)
            .ToList();
        var overridden = active.Where(c => c.Overrides is not null).Select(c => c.Overrides!).ToHashSet(StringComparer.Ordinal);
        var violations = new List<PodSecurityViolation>();
        foreach (var check in active)
        {
            if (overridden.Contains(check.Id))
            {
                continue;
            }

            if (check.Evaluate(pod, version.Minor) is { } failure)
            {
                violations.Add(new PodSecurityViolation(check.Id, failure.Reason, failure.Detail, failure.Paths));
            }
        }

        return new PodSecurityResult(level, version, violations);
    }

    /// <summary>Parses a level as the namespace label writes it (<c>privileged</c>, <c>baseline</c>, <c>restricted</c>).</summary>
    public static bool TryParseLevel(string? text, out PodSecurityLevel level)
    {
        switch (text)
        {
            case "privileged":
                level = PodSecurityLevel.Privileged;
                return true;
            case "baseline":
                level = PodSecurityLevel.Baseline;
                return true;
            case "restricted":
                level = PodSecurityLevel.Restricted;
                return true;
            default:
                level = PodSecurityLevel.Restricted;
                return false;
        }
    }

    /// <summary>The label spelling of a level.</summary>
    public static string LevelName(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Privileged => "privileged",
        PodSecurityLevel.Baseline => "baseline",
        _ => "restricted",
    };
}
