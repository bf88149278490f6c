using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Collects what a load produces. Expands every <c>*List</c> (kind ending in List with an items array), turns
/// anything that is not a Kubernetes object into a load error, and enforces the object limit.
/// </summary>
internal sealed class LoadSink(LoaderLimits limits)
{
    private readonly List<KubeObject> objects = [];
    private readonly List<LoadError> errors = [];
    private readonly List<ResourceGap> gaps = [];
    private InventoryOrigin origin = InventoryOrigin.Manifests;
    private ClusterFacts facts = ClusterFacts.None;

    public int ObjectCount => objects.Count;

    public int ErrorCount => errors.Count;

    public void Error(string source, long line, long column, string message) =>
        errors.Add(new LoadError(source, (int)Math.Min(line, int.MaxValue), (int)Math.Min(column, int.MaxValue), message));

    /// <summary>Drops what was added after a checkpoint (a JSON file whose syntax turned out broken).</summary>
    public void Truncate(int objectCount) => objects.RemoveRange(objectCount, objects.Count - objectCount);

    public static bool IsList(JsonElement e, out JsonElement items)
    {
        items = default;
        // "items" first: it is rare on ordinary objects, so most objects never materialise their kind here.
        return e.ValueKind == JsonValueKind.Object &&
               e.TryGetProperty("items", out items) && items.ValueKind == JsonValueKind.Array &&
               e.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String &&
               k.GetString()!.EndsWith("List", StringComparison.Ordinal);
    }

    /// <summary>
    /// Adds an object, or the items of a list (each at <paramref name="itemLocation"/> when known).
    /// <paramref name="listIndex"/> names the element in error messages when it came from a list's items.
    /// </summary>
    public void Add(JsonElement element, SourceLocation location, Func<int, SourceLocation>? itemLocation = null, int listIndex = -1, string outer = "")
    {
        // A *List object, or (YAML only: JSON arrays are expanded by their reader) a document that is a plain
        // sequence of objects.
        var sequence = element.ValueKind == JsonValueKind.Array && listIndex < 0 && outer.Length == 0;
        if (sequence || IsList(element, out _))
        {
            var items = sequence ? element : element.GetProperty("items");
            var prefix = Prefix(outer, listIndex);
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var at = itemLocation?.Invoke(i) ?? location;
                Add(item, at, null, i, prefix);
                i++;
            }

            return;
        }

        var obj = KubeObject.TryCreate(element, location, out var error);
        if (obj is null)
        {
            Error(location.File, location.Line, location.Column, Prefix(outer, listIndex) + error);
            return;
        }

        if (objects.Count >= limits.MaxObjects)
        {
            throw new LoadAbortedException($"more than {limits.MaxObjects} objects; raise the limit or scan fewer inputs");
        }

        objects.Add(obj);
    }

    private static string Prefix(string outer, int listIndex) => listIndex < 0 ? outer : $"{outer}items[{listIndex}]: ";

    public void Snapshot(SnapshotHeader header)
    {
        origin = InventoryOrigin.Cluster;
        if (ReferenceEquals(facts, ClusterFacts.None))
        {
            facts = header.ToFacts();
        }

        gaps.AddRange(header.Gaps);
    }

    public LoadResult ToResult(IReadOnlyList<string> inputs) => new(objects, errors, gaps, origin, facts, inputs);
}
