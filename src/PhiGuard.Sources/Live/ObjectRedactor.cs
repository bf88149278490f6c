using System.Text.Json;

namespace PhiGuard.Sources.Live;

/// <summary>
/// Rewrites one object for keeping: sets apiVersion and kind, drops <c>metadata.managedFields</c>, and keeps of a
/// Secret only fields that hold no value (metadata without the last-applied annotation, type, immutable).
/// </summary>
internal static class ObjectRedactor
{
    /// <summary>kubectl's client-side apply copy of the whole object; on a Secret it holds the data in plain text.</summary>
    internal const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Writes <paramref name="item"/> as a complete object; returns true when a Secret value was dropped.</summary>
    public static bool Write(Utf8JsonWriter writer, JsonElement item, string apiVersion, string kind, bool isSecret)
    {
        var droppedValue = false;
        writer.WriteStartObject();
        writer.WriteString("apiVersion", apiVersion);
        writer.WriteString("kind", kind);
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in item.EnumerateObject())
            {
                if (property.NameEquals("apiVersion") || property.NameEquals("kind"))
                {
                    // Items of a list carry none, metadata-only items carry PartialObjectMetadata: the list decides.
                    continue;
                }

                if (property.NameEquals("metadata") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    writer.WritePropertyName("metadata");
                    WriteMetadata(writer, property.Value, isSecret);
                    continue;
                }

                if (isSecret && !IsValueFreeSecretField(property))
                {
                    // A whitelist, not a blacklist: a field this code does not know could hold a value too.
                    droppedValue |= property.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
                    continue;
                }

                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        return droppedValue;
    }

    private static bool IsValueFreeSecretField(JsonProperty property) =>
        property.NameEquals("type") || property.NameEquals("immutable");

    private static void WriteMetadata(Utf8JsonWriter writer, JsonElement metadata, bool isSecret)
    {
        writer.WriteStartObject();
        foreach (var property in metadata.EnumerateObject())
        {
            if (property.NameEquals("managedFields"))
            {
                // Bookkeeping of field owners: large, and no control reads it.
                continue;
            }

            if (isSecret && property.NameEquals("annotations") && property.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("annotations");
                writer.WriteStartObject();
                foreach (var annotation in property.Value.EnumerateObject())
                {
                    if (!annotation.NameEquals(LastAppliedAnnotation))
                    {
                        annotation.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
