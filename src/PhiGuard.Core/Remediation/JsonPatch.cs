using System.Text.Json.Nodes;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// Builds RFC 6902 JSON patches from <see cref="PatchChange"/>s against the object as it is (for kinds the API server
/// cannot strategic-merge, such as custom resources), and applies the operations it emits (add, remove, replace,
/// test). A list item named by merge key becomes its index, guarded by a <c>test</c> of that key so the patch fails
/// instead of changing another item if the list has changed.
/// </summary>
public static class JsonPatch
{
    public static JsonArray Build(JsonNode current, IEnumerable<PatchChange> changes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        var work = current.DeepClone();
        var ops = new JsonArray();
        var tested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var segments = change.Path.Segments;
            if (segments.Count == 0 || segments[^1].IsListItem)
            {
                throw new ArgumentException($"a change must name a field, not '{change.Path}'", nameof(changes));
            }

            var node = work;
            var pointer = string.Empty;
            for (var i = 0; i < segments.Count; i++)
            {
                var s = segments[i];
                var last = i == segments.Count - 1;
                if (node is not JsonObject obj)
                {
                    throw new InvalidOperationException($"{change.Path}: '{pointer}' is not a map");
                }

                if (s.IsListItem)
                {
                    if (obj[s.Name] is not JsonArray list)
                    {
                        throw new InvalidOperationException($"{change.Path}: no list '{s.Name}' at '{pointer}'");
                    }

                    var index = IndexOf(list, s.MergeKey!, s.MergeKeyValue!);
                    if (index < 0)
                    {
                        throw new InvalidOperationException($"{change.Path}: no item with {s.MergeKey}={s.MergeKeyValue}");
                    }

                    pointer = $"{pointer}/{Escape(s.Name)}/{index}";
                    if (tested.Add(pointer))
                    {
                        ops.Add(Op("test", $"{pointer}/{Escape(s.MergeKey!)}", JsonValue.Create(s.MergeKeyValue)));
                    }

                    node = list[index]!;
                    continue;
                }

                var here = $"{pointer}/{Escape(s.Name)}";
                var exists = obj.ContainsKey(s.Name);
                if (last)
                {
                    if (change.Value is null)
                    {
                        if (exists)
                        {
                            ops.Add(Op("remove", here, null));
                            obj.Remove(s.Name);
                        }
                    }
                    else
                    {
                        ops.Add(Op(exists ? "replace" : "add", here, change.Value.DeepClone()));
                        obj[s.Name] = change.Value.DeepClone();
                    }

                    break;
                }

                if (!exists || obj[s.Name] is null)
                {
                    if (change.Value is null)
                    {
                        break; // nothing to remove below a missing field
                    }

                    // Add the missing map with the rest of the path inside it in one operation.
                    var value = Nest(segments.Skip(i + 1).ToArray(), change);
                    ops.Add(Op("add", here, value.DeepClone()));
                    obj[s.Name] = value;
                    break;
                }

                pointer = here;
                node = obj[s.Name]!;
            }
        }

        return ops;
    }

    /// <summary>Applies operations to a copy of <paramref name="target"/>; a failing <c>test</c> or a missing path throws.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray ops)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(ops);
        var doc = target.DeepClone();
        foreach (var op in ops.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>();
            var path = op["path"]?.GetValue<string>() ?? throw new InvalidOperationException("operation without a path");
            var tokens = path.Split('/').Skip(1).Select(Unescape).ToArray();
            var parent = doc;
            foreach (var t in tokens.Take(tokens.Length - 1))
            {
                parent = Step(parent, t) ?? throw new InvalidOperationException($"{path}: '{t}' does not exist");
            }

            var leaf = tokens[^1];
            switch (kind)
            {
                case "test":
                    if (!JsonNode.DeepEquals(Step(parent, leaf), op["value"]))
                    {
                        throw new InvalidOperationException($"test failed at {path}");
                    }

                    break;
                case "remove":
                    if (parent is JsonObject ro && ro.ContainsKey(leaf))
                    {
                        ro.Remove(leaf);
                    }
                    else
                    {
                        throw new InvalidOperationException($"{path}: nothing to remove");
                    }

                    break;
                case "replace" or "add":
                    if (parent is not JsonObject po)
                    {
                        throw new NotSupportedException($"{path}: only map members are added or replaced");
                    }

                    if (kind == "replace" && !po.ContainsKey(leaf))
                    {
                        throw new InvalidOperationException($"{path}: nothing to replace");
                    }

                    po[leaf] = op["value"]?.DeepClone();
                    break;
                default:
                    throw new NotSupportedException($"JSON patch operation '{kind}' is not supported");
            }
        }

        return doc;
    }

    private static JsonNode? Step(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode Nest(PatchSegment[] rest, PatchChange change)
    {
        JsonNode value = change.Value!.DeepClone();
        for (var i = rest.Length - 1; i >= 0; i--)
        {
            if (rest[i].IsListItem)
            {
                throw new InvalidOperationException($"{change.Path}: cannot add a list item under a missing field");
            }

            value = new JsonObject { [rest[i].Name] = value };
        }

        return value;
    }

    private static int IndexOf(JsonArray list, string key, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonObject Op(string op, string path, JsonNode? value)
    {
        var o = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove")
        {
            o["value"] = value;
        }

        return o;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
