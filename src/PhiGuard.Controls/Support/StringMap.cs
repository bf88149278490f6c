using System.Text.Json;

namespace PhiGuard.Controls.Support;

/// <summary>Reads a JSON object of labels or selector terms as strings (non-string values keep their JSON text, never throw).</summary>
internal static class StringMap
{
    public static Dictionary<string, string> Read(JsonElement? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is { ValueKind: JsonValueKind.Object } m)
        {
            foreach (var p in m.EnumerateObject())
            {
                result[p.Name] = Text(p.Value) ?? p.Value.GetRawText();
            }
        }

        return result;
    }

    /// <summary>The string value, or null when the element is not a string.</summary>
    public static string? Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;
}
