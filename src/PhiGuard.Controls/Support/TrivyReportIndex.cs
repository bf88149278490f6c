using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// The trivy-operator reports of one kind, found by image: read once, grouped by repository, so each running image is
/// compared only with the reports of its own repository instead of with every report in the cluster.
/// </summary>
internal sealed class TrivyReportIndex
{
    private readonly ILookup<string, TrivyReport> byRepository;

    public TrivyReportIndex(Inventory inventory, string kind) =>
        byRepository = TrivyReport.All(inventory, kind).ToLookup(r => r.Image.RepositoryKey, StringComparer.Ordinal);

    /// <summary>The reports that describe <paramref name="image"/> (same repository, and digest or tag), in inventory order.</summary>
    public IReadOnlyList<TrivyReport> For(ImageRef image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return byRepository[image.RepositoryKey].Where(r => r.Image.SameImage(image)).ToList();
    }
}
