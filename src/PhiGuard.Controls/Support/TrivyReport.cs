using System.Globalization;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A trivy-operator report (<c>aquasecurity.github.io</c> VulnerabilityReport or ExposedSecretReport): the image it
/// describes (<c>report.registry.server</c>, <c>report.artifact</c>) and when it was last updated.
/// </summary>
internal sealed record TrivyReport(KubeObject Object, ImageRef Image, DateTimeOffset? Updated)
{
    public const string Group = "aquasecurity.github.io";

    public JsonElement Report => Object.Json.GetObject("report") ?? default;

    /// <summary>The reports of a kind in the inventory.</summary>
    public static IReadOnlyList<TrivyReport> All(Inventory inventory, string kind)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var result = new List<TrivyReport>();
        foreach (var o in inventory.OfKind(Group, kind))
        {
            if (o.Json.GetObject("report") is not { } report)
            {
                continue;
            }

            var artifact = report.GetObject("artifact");
            var server = report.GetObject("registry")?.GetString("server") ?? "docker.io";
            var repo = artifact?.GetString("repository") ?? string.Empty;
            if (server is "index.docker.io" or "docker.io" && !repo.Contains('/', StringComparison.Ordinal))
            {
                repo = "library/" + repo;
            }

            var image = new ImageRef(server, repo, artifact?.GetString("tag"), artifact?.GetString("digest"));
            var updated = ParseTime(report.GetString("updateTimestamp")) ??
                          ParseTime(o.Json.GetPath("metadata.creationTimestamp")?.GetString());
            result.Add(new TrivyReport(o, image, updated));
        }

        return result;
    }

    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
