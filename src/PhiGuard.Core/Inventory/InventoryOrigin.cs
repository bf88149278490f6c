namespace PhiGuard.Core.Inventory;

/// <summary>What kind of input an inventory was built from; decides whether absence of an object means anything.</summary>
public enum InventoryOrigin
{
    /// <summary>Manifests, Helm output or kubectl dumps: only what was given is known.</summary>
    Manifests,

    /// <summary>A live cluster read through the API (or a snapshot of one): absence of a listed kind is real.</summary>
    Cluster,
}
