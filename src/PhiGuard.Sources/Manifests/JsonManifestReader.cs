using System.Text.Json;
using System.Text.RegularExpressions;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Reads JSON inputs: one object, an array of objects, a <c>*List</c> with items (kubectl dumps, PhiGuard snapshots),
/// or several such values one after another. A single <see cref="Utf8JsonReader"/> pass finds each item's offset
/// (for its line) and parses it into its own right-sized document, so the file buffer can go once loaded.
/// </summary>
internal static partial class JsonManifestReader
{
    /// <summary>Loads the buffer; returns false (and adds nothing) when it is not valid JSON and <paramref name="quiet"/>.</summary>
    public static bool Load(byte[] bytes, int length, string name, LoadSink sink, LoaderLimits limits, bool quiet, CancellationToken ct)
    {
        var bom = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var lines = new LineMap(bytes, length);
        var objectsBefore = sink.ObjectCount;
        var reader = new Utf8JsonReader(
            bytes.AsSpan(bom, length - bom),
            new JsonReaderOptions { MaxDepth = limits.MaxDepth + 2, AllowMultipleValues = true });
        var document = 0;
        try
        {
            while (reader.Read())
            {
                ct.ThrowIfCancellationRequested();
                var start = (int)reader.TokenStartIndex + bom;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        var index = 0;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            var at = Locate(lines, name, (int)reader.TokenStartIndex + bom, index++);
                            AddItem(ref reader, at, sink, limits);
                        }

                        break;
                    case JsonTokenType.StartObject:
                        ReadObject(ref reader, bom, lines, name, sink, limits, document);
                        break;
                    default:
                        var (line, column) = lines.At(start);
                        sink.Error(name, line, column, $"expected an object or a list of objects, found {reader.TokenType}");
                        break;
                }

                document++;
            }

            return true;
        }
        catch (JsonException ex)
        {
            // No resynchronisation inside JSON: a broken file contributes nothing rather than a silent part.
            sink.Truncate(objectsBefore);
            if (quiet)
            {
                return false;
            }

            sink.Error(name, (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1, CleanMessage(ex.Message));
            return true;
        }
    }

    private static void ReadObject(ref Utf8JsonReader reader, int bom, LineMap lines, string name, LoadSink sink, LoaderLimits limits, int document)
    {
        var saved = reader;
        var start = (int)reader.TokenStartIndex + bom;
        List<(JsonElement Item, SourceLocation At)>? items = null;
        string? kind = null;
        JsonElement? header = null;
        var headerAt = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    items = [];
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var at = Locate(lines, name, (int)reader.TokenStartIndex + bom, index++);
                        var item = ParseBounded(ref reader, at, limits);
                        items.Add((item, at));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals(SnapshotHeader.PropertyName))
            {
                reader.Read();
                headerAt = (int)reader.TokenStartIndex + bom;
                header = JsonElement.ParseValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var (line, column) = lines.At(start);
        var location = new SourceLocation(name, line, column) { Document = document };
        if (items is not null && kind is not null && kind.EndsWith("List", StringComparison.Ordinal))
        {
            if (header is { } h)
            {
                try
                {
                    sink.Snapshot(SnapshotHeader.Read(h));
                }
                catch (FormatException ex)
                {
                    var (hl, hc) = lines.At(headerAt);
                    sink.Error(name, hl, hc, ex.Message);
                }
            }

            for (var i = 0; i < items.Count; i++)
            {
                sink.Add(items[i].Item, items[i].At, null, $"items[{i}]: ");
            }

            return;
        }

        // Not a list after all: parse the whole object again from where it started.
        reader = saved;
        AddItem(ref reader, location, sink, limits);
    }

    private static void AddItem(ref Utf8JsonReader reader, SourceLocation at, LoadSink sink, LoaderLimits limits)
    {
        var element = ParseBounded(ref reader, at, limits);
        sink.Add(element, at);
    }

    private static JsonElement ParseBounded(ref Utf8JsonReader reader, SourceLocation at, LoaderLimits limits)
    {
        var before = reader.TokenStartIndex;
        var element = JsonElement.ParseValue(ref reader);
        if (reader.BytesConsumed - before > limits.MaxDocumentBytes)
        {
            throw new JsonException($"the object at line {at.Line} is larger than the {limits.MaxDocumentBytes / (1024 * 1024)} MiB document limit", null, at.Line - 1, at.Column - 1);
        }

        return element;
    }

    private static SourceLocation Locate(LineMap lines, string name, int offset, int index)
    {
        var (line, column) = lines.At(offset);
        return new SourceLocation(name, line, column) { Document = index };
    }

    private static string CleanMessage(string message) => Position().Replace(message, string.Empty).TrimEnd();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex Position();
}
