using PhiGuard.Core.Analysis.ControlPlane;

namespace PhiGuard.Controls.Support;

/// <summary>Wording shared by the version controls: the release table's date and age, and why no version is visible.</summary>
internal static class VersionMessages
{
    /// <summary>A table older than this is called out as stale in every message.</summary>
    private const int StaleAfterDays = 120;

    public static string Label(KubernetesReleaseTable table, DateOnly today)
    {
        var age = today.DayNumber - table.AsOf.DayNumber;
        return age > StaleAfterDays
            ? $"{table.Label}, {age} days old: newer releases are unknown to it, update PhiGuard"
            : table.Label;
    }

    public static string ServerHidden(ControlPlaneView view) => view.ManagedProvider is { } p
        ? $"the {p.ToUpperInvariant()} API server version is not in the input: scan the live cluster (GET /version) or give its description with --provider FILE"
        : "the API server version is not in the input: scan the live cluster (GET /version), or give the control-plane node's snapshot with --node-snapshot or a provider description with --provider";
}
