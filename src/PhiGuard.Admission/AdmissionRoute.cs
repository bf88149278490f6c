using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Admission;

/// <summary>
/// What a request path says: the mode, the lowest severity it acts on and whether the namespace holds PHI.
/// The webhook stays stateless because the generated configuration routes each namespace, by its labels, to the
/// path that spells its mode: <c>/validate[/enforce|warn|audit[/low|medium|high|critical]][/phi]</c>.
/// </summary>
public sealed record AdmissionRoute(AdmissionMode Mode, Severity MinSeverity, bool Phi)
{
    public const string Prefix = "/validate";

    /// <summary>Parses a path below <see cref="Prefix"/>; null when a segment is not understood.</summary>
    public static AdmissionRoute? TryParse(string path, AdmissionSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(defaults);
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var segments = path[Prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        var mode = defaults.DefaultMode;
        var severity = defaults.MinSeverity;
        if (i < segments.Length && ParseMode(segments[i]) is { } m)
        {
            mode = m;
            severity = Severity.Low;
            i++;
            if (i < segments.Length && ParseSeverity(segments[i]) is { } s)
            {
                severity = s;
                i++;
            }
        }

        var phi = false;
        if (i < segments.Length && segments[i] == "phi")
        {
            phi = true;
            i++;
        }

        return i == segments.Length ? new AdmissionRoute(mode, severity, phi) : null;
    }

    /// <summary>The path that spells this route.</summary>
    public string ToPath(bool explicitMode = true) =>
        (explicitMode ? $"{Prefix}/{ModeName(Mode)}/{SeverityName(MinSeverity)}" : Prefix) + (Phi ? "/phi" : string.Empty);

    public static string ModeName(AdmissionMode mode) => mode.ToString().ToLowerInvariant();

    public static string SeverityName(Severity severity) => severity.ToString().ToLowerInvariant();

    public static AdmissionMode? ParseMode(string s) => s switch
    {
        "enforce" => AdmissionMode.Enforce,
        "warn" => AdmissionMode.Warn,
        "audit" => AdmissionMode.Audit,
        _ => null,
    };

    public static Severity? ParseSeverity(string s) => s switch
    {
        "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        "critical" => Severity.Critical,
        _ => null,
    };
}
