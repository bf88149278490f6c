using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// A namespace's effective Pod Security <c>enforce</c> policy, read from its labels as upstream does: no level label
/// means privileged, no version label means latest, and an invalid value is evaluated as restricted (level) or latest
/// (version), with the problem kept in <see cref="Errors"/>.
/// </summary>
public sealed record NamespacePolicy(PodSecurityLevel Level, PodSecurityVersion Version, IReadOnlyList<string> Errors)
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";
    public const string EnforceVersionLabel = "pod-security.kubernetes.io/enforce-version";

    public static NamespacePolicy Privileged { get; } = new(PodSecurityLevel.Privileged, PodSecurityVersion.Latest, []);

    /// <summary>The enforce policy of a namespace object; <see cref="Privileged"/> when there is none.</summary>
    public static NamespacePolicy Of(KubeObject? ns)
    {
        if (ns is null)
        {
            return Privileged;
        }

        var errors = new List<string>();
        var level = PodSecurityLevel.Privileged;
        if (ns.Labels.TryGetValue(EnforceLabel, out var levelText) && !PodSecurityEvaluator.TryParseLevel(levelText, out level))
        {
            errors.Add($"{EnforceLabel}=\"{levelText}\" is not privileged, baseline or restricted; evaluated as restricted");
        }

        var version = PodSecurityVersion.Latest;
        if (ns.Labels.TryGetValue(EnforceVersionLabel, out var versionText))
        {
            if (PodSecurityVersion.TryParse(versionText, out var parsed))
            {
                version = parsed.Value;
            }
            else
            {
                errors.Add($"{EnforceVersionLabel}=\"{versionText}\" is not latest or v1.N; evaluated as latest");
            }
        }

        return new NamespacePolicy(level, version, errors);
    }
}
