using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// What a <see cref="ManifestLoader"/> read: the objects in input order, every load error, and for cluster
/// snapshots the origin, facts and resource gaps recorded by the snapshot writer.
/// </summary>
public sealed record LoadResult(
    IReadOnlyList<KubeObject> Objects,
    IReadOnlyList<LoadError> Errors,
    IReadOnlyList<ResourceGap> Gaps,
    InventoryOrigin Origin,
    ClusterFacts Facts,
    IReadOnlyList<string> Inputs)
{
    /// <summary>The inventory the engine scans.</summary>
    public Core.Inventory.Inventory ToInventory() => new(Objects, Errors, Gaps, Origin, Facts);
}
