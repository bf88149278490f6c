using System.Text.Json.Nodes;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// Builds Kubernetes strategic merge patches from <see cref="PatchChange"/>s, and applies the subset PhiGuard emits:
/// maps merge, <c>null</c> removes a field, lists of named items (containers, volumes, env, …) merge by their merge
/// key, every other list and scalar is replaced. Directives (<c>$patch</c>, <c>$setElementOrder</c>) are not used and
/// are refused.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>The merge key of each list field PhiGuard may patch by item (from the Kubernetes API's patch tags).</summary>
    public static IReadOnlyDictionary<string, string> MergeKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
    };

    /// <summary>
    /// The patch document that makes every change to <paramref name="current"/>: nested maps, list items carrying their
    /// merge key. Removing a field the object does not have is left out, since the API server would otherwise create
    /// its empty parent maps (a <c>seccompProfile: {}</c> that fails validation).
    /// </summary>
    public static JsonObject Build(JsonNode current, IEnumerable<PatchChange> changes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        var root = new JsonObject();
        foreach (var change in changes)
        {
            var segments = change.Path.Segments;
            if (segments.Count == 0 || segments[^1].IsListItem)
            {
                throw new ArgumentException($"a change must name a field, not '{change.Path}'", nameof(changes));
            }

            if (change.Value is null && !Exists(current, segments))
            {
                continue;
            }

            var node = root;
            foreach (var s in segments.Take(segments.Count - 1))
            {
                node = s.IsListItem ? ItemOf(node, s) : ChildObject(node, s.Name);
            }

            node[segments[^1].Name] = change.Value?.DeepClone();
        }

        return root;
    }

    private static bool Exists(JsonNode current, IReadOnlyList<PatchSegment> segments)
    {
        JsonNode? node = current;
        foreach (var s in segments)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(s.Name, out node))
            {
                return false;
            }

            if (s.IsListItem)
            {
                node = (node as JsonArray)?.OfType<JsonObject>().FirstOrDefault(i => KeyOf(i, s.MergeKey!) == s.MergeKeyValue);
            }
        }

        return true;
    }

    /// <summary>Applies a patch to a copy of <paramref name="target"/> and returns the copy.</summary>
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        var result = (JsonObject)target.DeepClone();
        MergeInto(result, patch);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                throw new NotSupportedException($"strategic merge directive '{name}' is not supported");
            }

            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject po && target[name] is JsonObject to)
            {
                MergeInto(to, po);
            }
            else if (value is JsonArray pa && target[name] is JsonArray ta && MergeKeys.TryGetValue(name, out var key))
            {
                MergeList(ta, pa, key);
            }
            else
            {
                // As the API server does (IgnoreUnmatchedNulls): nulls inside a new subtree delete nothing and are dropped.
                target[name] = WithoutNulls(value.DeepClone());
            }
        }
    }

    private static void MergeList(JsonArray target, JsonArray patch, string key)
    {
        foreach (var item in patch)
        {
            if (item is not JsonObject po || po[key]?.GetValue<string>() is not { } id)
            {
                throw new NotSupportedException($"a patch item of a list merged by '{key}' must be a map with that key");
            }

            if (target.OfType<JsonObject>().FirstOrDefault(t => KeyOf(t, key) == id) is { } match)
            {
                MergeInto(match, po);
            }
            else
            {
                target.Add(po.DeepClone());
            }
        }
    }

    private static JsonNode WithoutNulls(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                o.Remove(key);
            }

            foreach (var (_, child) in o)
            {
                WithoutNulls(child!);
            }
        }

        return node;
    }

    private static string? KeyOf(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject ChildObject(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static JsonObject ItemOf(JsonObject parent, PatchSegment s)
    {
        if (parent[s.Name] is not JsonArray list)
        {
            list = [];
            parent[s.Name] = list;
        }

        if (list.OfType<JsonObject>().FirstOrDefault(o => KeyOf(o, s.MergeKey!) == s.MergeKeyValue) is { } found)
        {
            return found;
        }

        var item = new JsonObject { [s.MergeKey!] = s.MergeKeyValue };
        list.Add(item);
        return item;
    }
}
