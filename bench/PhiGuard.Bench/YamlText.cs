using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiGuard.Bench;

/// <summary>Block-style YAML as people write it: plain scalars where they stay strings, quotes only where needed.</summary>
internal static class YamlText
{
    public static void Emit(JsonNode? node, int indent, StringBuilder sb)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    sb.Append(pad).Append(String(k)).Append(':');
                    Child(v, indent, sb, inSequence: false);
                }

                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    sb.Append(pad).Append('-');
                    Child(v, indent, sb, inSequence: true);
                }

                break;
        }
    }

    private static void Child(JsonNode? v, int indent, StringBuilder sb, bool inSequence)
    {
        switch (v)
        {
            case JsonObject { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                sb.Append(" []\n");
                break;
            case JsonObject o when inSequence:
                // "- key: value" with the rest of the mapping aligned under the first key.
                var first = true;
                foreach (var (k, child) in o)
                {
                    sb.Append(first ? " " : new string(' ', indent + 2)).Append(String(k)).Append(':');
                    Child(child, indent + 2, sb, inSequence: false);
                    first = false;
                }

                break;
            case JsonArray when !inSequence:
                sb.Append('\n');
                Emit(v, indent, sb);
                break;
            case JsonObject or JsonArray:
                sb.Append('\n');
                Emit(v, indent + 2, sb);
                break;
            default:
                sb.Append(' ').Append(Scalar(v)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode? v) => v switch
    {
        null => "null",
        JsonValue s when s.GetValueKind() == JsonValueKind.String => String(s.GetValue<string>()),
        JsonValue b when b.GetValueKind() is JsonValueKind.True or JsonValueKind.False => b.GetValue<bool>() ? "true" : "false",
        JsonValue n when n.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        _ => v.ToJsonString(),
    };

    /// <summary>Plain when the text would read back as the same string; double-quoted otherwise.</summary>
    private static string String(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]) || s is "true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n")
        {
            return JsonSerializer.Serialize(s);
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
            {
                return JsonSerializer.Serialize(s);
            }
        }

        return s;
    }
}
