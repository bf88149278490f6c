using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// Writes a patch document as block-style YAML with comment lines on top. Strings are always double-quoted (JSON
/// escaping is valid YAML), so no value is read back as a different type; keys are quoted unless plainly safe.
/// </summary>
public static partial class PatchYaml
{
    public static string Write(JsonNode document, IEnumerable<string> comments)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(comments);
        var sb = new StringBuilder();
        foreach (var c in comments)
        {
            foreach (var line in c.Split('\n'))
            {
                sb.Append(line.Length == 0 ? "#" : $"# {line}").Append('\n');
            }
        }

        if (document is JsonObject o && o.Count > 0)
        {
            WriteMap(sb, o, 0);
        }
        else
        {
            sb.Append(Scalar(document)).Append('\n');
        }

        return sb.ToString();
    }

    private static void WriteMap(StringBuilder sb, JsonObject map, int indent)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            // The first key of a list item continues the "- " line.
            if (!first || indent == 0 || sb[^1] == '\n')
            {
                sb.Append(' ', indent);
            }

            first = false;
            sb.Append(Key(key)).Append(':');
            WriteValue(sb, value, indent);
        }
    }

    private static void WriteValue(StringBuilder sb, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject o when o.Count > 0:
                sb.Append('\n');
                WriteMap(sb, o, indent + 2);
                break;
            case JsonArray a when a.Count > 0 && a.All(i => i is JsonObject { Count: > 0 }):
                sb.Append('\n');
                foreach (var item in a)
                {
                    sb.Append(' ', indent + 2).Append("- ");
                    WriteMap(sb, (JsonObject)item!, indent + 4);
                }

                break;
            default:
                sb.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray a => "[" + string.Join(", ", a.Select(Scalar)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    private static string Key(string key) => PlainKey().IsMatch(key) ? key : JsonValue.Create(key).ToJsonString();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainKey();
}
