using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Live;

/// <summary>
/// What a live load read: the inventory (objects already redacted, sorted by group, kind, namespace, name, each with
/// apiVersion and kind set), the resource types listed with their counts, and warnings worth showing a user (e.g. a
/// server that ignored the metadata-only request for Secrets). The inventory's objects are the raw items a snapshot
/// writes.
/// </summary>
public sealed record LiveLoadResult(Inventory Inventory, IReadOnlyList<LoadedResource> Resources, IReadOnlyList<string> Warnings)
{
    /// <summary>The objects as loaded (same as <c>Inventory.Objects</c>), in snapshot order.</summary>
    public IReadOnlyList<KubeObject> Items => Inventory.Objects;
}
