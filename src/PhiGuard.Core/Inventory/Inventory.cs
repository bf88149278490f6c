using System.Collections.Frozen;

namespace PhiGuard.Core.Inventory;

/// <summary>
/// Every object a source loaded, indexed by kind and by namespace/name, with the load errors and the resource
/// types that could not be read. Immutable once built; safe to share across threads.
/// </summary>
public sealed class Inventory
{
    private readonly FrozenDictionary<string, KubeObject[]> byKind;
    private readonly Dictionary<(string Kind, string? Namespace, string Name), KubeObject> byName;

    public Inventory(
        IEnumerable<KubeObject> objects,
        IEnumerable<LoadError>? errors = null,
        IEnumerable<ResourceGap>? gaps = null,
        InventoryOrigin origin = InventoryOrigin.Manifests,
        ClusterFacts? facts = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Objects = objects as IReadOnlyList<KubeObject> ?? objects.ToArray();
        Errors = errors?.ToArray() ?? [];
        Gaps = gaps?.ToArray() ?? [];
        Origin = origin;
        Facts = facts ?? ClusterFacts.None;
        byKind = Objects.GroupBy(o => o.Kind, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        byName = new Dictionary<(string, string?, string), KubeObject>(Objects.Count);
        foreach (var o in Objects)
        {
            byName.TryAdd((o.Kind, o.Namespace, o.Name), o);
        }

        var ns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var o in OfKind("Namespace"))
        {
            ns.Add(o.Name);
        }

        NamespaceObjects = OfKind("Namespace").ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (var o in Objects)
        {
            if (o.Namespace is not null)
            {
                ns.Add(o.Namespace);
            }
        }

        NamespaceNames = ns.ToArray();
    }

    public static Inventory Empty { get; } = new([]);

    public IReadOnlyList<KubeObject> Objects { get; }

    public IReadOnlyList<LoadError> Errors { get; }

    /// <summary>Resource types that exist but could not be read; controls that need them are not assessable.</summary>
    public IReadOnlyList<ResourceGap> Gaps { get; }

    public InventoryOrigin Origin { get; }

    public ClusterFacts Facts { get; }

    /// <summary>Namespace objects by name.</summary>
    public FrozenDictionary<string, KubeObject> NamespaceObjects { get; }

    /// <summary>Every namespace named by a Namespace object or by any object's metadata.namespace, sorted.</summary>
    public IReadOnlyList<string> NamespaceNames { get; }

    /// <summary>All objects of a kind (any group), in load order.</summary>
    public IReadOnlyList<KubeObject> OfKind(string kind) =>
        byKind.TryGetValue(kind, out var list) ? list : [];

    /// <summary>All objects of a kind in one API group ("" for core).</summary>
    public IEnumerable<KubeObject> OfKind(string group, string kind) =>
        OfKind(kind).Where(o => string.Equals(o.Group, group, StringComparison.Ordinal));

    public KubeObject? Find(string kind, string? ns, string name) =>
        byName.TryGetValue((kind, ns, name), out var o) ? o : null;

    /// <summary>The gap for a resource type, if it could not be read (matches on kind, or resource plural).</summary>
    public ResourceGap? GapFor(string group, string kindOrResource) =>
        Gaps.FirstOrDefault(g => string.Equals(g.Group, group, StringComparison.Ordinal) &&
                                 (string.Equals(g.Kind, kindOrResource, StringComparison.Ordinal) ||
                                  string.Equals(g.Resource, kindOrResource, StringComparison.Ordinal)));
}
