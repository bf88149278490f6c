using System.Buffers;
using System.Text.Json;

namespace PhiGuard.AuditTrail.Events;

/// <summary>
/// The bytes an event is sealed as: its JSON with object members sorted by name (ordinal), no insignificant
/// whitespace, strings re-escaped by one writer and numbers kept as sent, so that the same event always hashes
/// the same however the API server or a file formatted it.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Encode(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, element);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var members = new List<JsonProperty>();
                foreach (var p in element.EnumerateObject())
                {
                    members.Add(p);
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var p in members)
                {
                    writer.WritePropertyName(p.Name);
                    Write(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
