using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Live;

/// <summary>The one order of objects in live inventories and snapshots: group, kind, namespace, name (ordinal).</summary>
internal static class SnapshotOrder
{
    public static int Compare(KubeObject? a, KubeObject? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var c = string.CompareOrdinal(a.Group, b.Group);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Kind, b.Kind);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Namespace ?? string.Empty, b.Namespace ?? string.Empty);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Name, b.Name);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Version, b.Version);
    }
}
