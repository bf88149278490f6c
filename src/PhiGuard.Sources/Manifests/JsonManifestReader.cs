using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Reads JSON inputs: one object, an array of objects, a <c>*List</c> with items (kubectl dumps, PhiGuard snapshots),
/// or several such values one after another. The common case (one value) is parsed once, in place, as a single
/// <see cref="JsonDocument"/> over the file's bytes; each item's offset (for its line) comes from where its raw
/// bytes sit in that buffer, so there is no second pass and no copy. Streams of several values, and broken files
/// (for an exact error position), go through a streaming <see cref="Utf8JsonReader"/> pass instead.
/// </summary>
internal static partial class JsonManifestReader
{
    private const int BatchBytes = 1024 * 1024;

    /// <summary>
    /// Largest input parsed in place as one document. Above it, the document's metadata array (rented from the
    /// array pool, rounded up to a power of two and never returned) would reserve far more than it uses, so bigger
    /// inputs are parsed in right-sized batches instead. Settable for the benchmarks.
    /// </summary>
    internal static int InPlaceMaxBytes { get; set; } = int.MaxValue;

    /// <summary>
    /// Loads the buffer, which the loaded objects then keep alive (the caller must not reuse it); returns false (and
    /// adds nothing) when it is not valid JSON and <paramref name="quiet"/>.
    /// </summary>
    public static bool Load(byte[] bytes, int length, string name, LoadSink sink, LoaderLimits limits, bool quiet, CancellationToken ct)
    {
        if (length > InPlaceMaxBytes)
        {
            return LoadStreaming(bytes, length, name, sink, limits, quiet, ct);
        }

        var bom = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(bom, length - bom), new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 2 });
        }
        catch (JsonException)
        {
            return LoadStreaming(bytes, length, name, sink, limits, quiet, ct);
        }

        var file = new Input(bytes, bom, name, new LineMap(bytes, length), limits, default);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            AddItems(root, file, sink, prefix: false, ct);
        }
        else if (root.ValueKind == JsonValueKind.Object && LoadSink.IsList(root, out var items))
        {
            if (root.TryGetProperty(SnapshotHeader.PropertyName, out var header))
            {
                try
                {
                    sink.Snapshot(SnapshotHeader.Read(header));
                }
                catch (FormatException ex)
                {
                    var (hl, hc) = file.Lines.At(Offset(bytes, header));
                    sink.Error(name, hl, hc, ex.Message);
                }
            }

            AddItems(items, file, sink, prefix: true, ct);
        }
        else
        {
            var (line, column) = file.Lines.At(Offset(bytes, root));
            var location = new SourceLocation(name, line, column);
            if (root.ValueKind != JsonValueKind.Object)
            {
                sink.Error(name, line, column, $"expected an object or a list of objects, found {root.ValueKind}");
            }
            else if (!TooLarge(root, file, sink, location))
            {
                sink.Add(root, location);
            }
        }

        return true;
    }

    private static void AddItems(JsonElement array, Input file, LoadSink sink, bool prefix, CancellationToken ct)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if ((index & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var (line, column) = file.Lines.At(Offset(file.Bytes, item));
            var location = new SourceLocation(file.Name, line, column) { Document = index };
            if (!TooLarge(item, file, sink, location))
            {
                sink.Add(item, location, null, prefix ? index : -1);
            }

            index++;
        }
    }

    private static bool TooLarge(JsonElement element, Input file, LoadSink sink, SourceLocation at)
    {
        var size = JsonMarshal.GetRawUtf8Value(element).Length;
        if (size <= file.Limits.MaxDocumentBytes)
        {
            return false;
        }

        sink.Error(file.Name, at.Line, at.Column, $"object is larger than the {Sizes.Format(file.Limits.MaxDocumentBytes)} document limit");
        return true;
    }

    /// <summary>Where an element's raw bytes start in the buffer the document was parsed from (in place, not copied).</summary>
    private static int Offset(byte[] bytes, JsonElement element) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(bytes), ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(element)));

    /// <summary>The streaming pass: several top-level values, or a file that did not parse (for the exact error).</summary>
    private static bool LoadStreaming(byte[] bytes, int length, string name, LoadSink sink, LoaderLimits limits, bool quiet, CancellationToken ct)
    {
        var bom = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var file = new Input(bytes, bom, name, new LineMap(bytes, length), limits, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 2 });
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
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        foreach (var (item, at) in ReadItems(ref reader, file, ct))
                        {
                            sink.Add(item, at);
                        }

                        break;
                    case JsonTokenType.StartObject:
                        ReadObject(ref reader, file, sink, document, ct);
                        break;
                    default:
                        var (line, column) = file.Lines.At((int)reader.TokenStartIndex + bom);
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

    private static void ReadObject(ref Utf8JsonReader reader, Input file, LoadSink sink, int document, CancellationToken ct)
    {
        var saved = reader;
        var start = (int)reader.TokenStartIndex + file.Bom;
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
                    items = ReadItems(ref reader, file, ct);
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
                headerAt = (int)reader.TokenStartIndex + file.Bom;
                header = JsonElement.ParseValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

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
                    var (hl, hc) = file.Lines.At(headerAt);
                    sink.Error(file.Name, hl, hc, ex.Message);
                }
            }

            for (var i = 0; i < items.Count; i++)
            {
                sink.Add(items[i].Item, items[i].At, null, i);
            }

            return;
        }

        // Not a list after all: parse the whole object again from where it started.
        reader = saved;
        var (line, column) = file.Lines.At(start);
        var location = new SourceLocation(file.Name, line, column) { Document = document };
        var before = reader.TokenStartIndex;
        var element = JsonElement.ParseValue(ref reader);
        CheckSize(file, reader.BytesConsumed - before, location);
        sink.Add(element, location);
    }

    /// <summary>The elements of the array the reader is on, each with its location; leaves the reader on its end.</summary>
    private static List<(JsonElement Item, SourceLocation At)> ReadItems(ref Utf8JsonReader reader, Input file, CancellationToken ct)
    {
        var result = new List<(JsonElement, SourceLocation)>();
        var batch = new List<(int Start, int End)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex + file.Bom;
            reader.Skip();
            var end = (int)reader.BytesConsumed + file.Bom;
            if (end - start > file.Limits.MaxDocumentBytes)
            {
                var (line, column) = file.Lines.At(start);
                CheckSize(file, end - start, new SourceLocation(file.Name, line, column));
            }

            batch.Add((start, end));
            if (end - batch[0].Start >= BatchBytes)
            {
                ct.ThrowIfCancellationRequested();
                ParseBatch(file, batch, result);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            ParseBatch(file, batch, result);
        }

        return result;
    }

    /// <summary>
    /// Parses consecutive items as one JSON array without copying them first: the byte before the first item (the
    /// list's '[', a comma or a blank) and the byte after the last (a comma, a blank or ']') briefly become '[' and
    /// ']', and are put back before the main reader moves on.
    /// </summary>
    private static void ParseBatch(Input file, List<(int Start, int End)> batch, List<(JsonElement, SourceLocation)> result)
    {
        var bytes = file.Bytes;
        var open = batch[0].Start - 1;
        var close = batch[^1].End;
        var savedOpen = bytes[open];
        var savedClose = bytes[close];
        JsonElement array;
        try
        {
            bytes[open] = (byte)'[';
            bytes[close] = (byte)']';
            var reader = new Utf8JsonReader(bytes.AsSpan(open, close - open + 1), file.ItemOptions);
            array = JsonElement.ParseValue(ref reader);
        }
        finally
        {
            bytes[open] = savedOpen;
            bytes[close] = savedClose;
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var (line, column) = file.Lines.At(batch[i].Start);
            result.Add((element, new SourceLocation(file.Name, line, column) { Document = result.Count }));
            i++;
        }
    }

    private static void CheckSize(Input file, long size, SourceLocation at)
    {
        if (size > file.Limits.MaxDocumentBytes)
        {
            throw new JsonException(
                $"the object at line {at.Line} is larger than the {Sizes.Format(file.Limits.MaxDocumentBytes)} document limit",
                null,
                at.Line - 1,
                at.Column - 1);
        }
    }

    private static string CleanMessage(string message) => Position().Replace(message, string.Empty).TrimEnd();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex Position();

    /// <summary>One JSON input being read: its bytes (briefly modified by batching), name, line map and limits.</summary>
    private sealed record Input(byte[] Bytes, int Bom, string Name, LineMap Lines, LoaderLimits Limits, JsonReaderOptions ItemOptions);
}
