using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PhiGuard.Core.Inventory;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Finds the line and column of a field inside an object loaded by <see cref="ManifestLoader"/>: it re-reads only
/// the object's own YAML document (or walks its JSON value from the item's offset) and returns the deepest node of
/// the path that exists. Files are read once and cached; stdin cannot be re-read and yields null.
/// </summary>
public sealed class SourceFieldLocator : IFieldLocator
{
    private const int MaxCachedFiles = 64;
    private readonly ConcurrentDictionary<string, Lazy<CachedFile?>> cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public SourceLocation? Locate(SourceLocation objectLocation, string path)
    {
        ArgumentNullException.ThrowIfNull(objectLocation);
        ArgumentNullException.ThrowIfNull(path);
        if (!objectLocation.HasLine || objectLocation.File == "-")
        {
            return null;
        }

        if (cache.Count >= MaxCachedFiles && !cache.ContainsKey(objectLocation.File))
        {
            cache.Clear();
        }

        var file = cache.GetOrAdd(objectLocation.File, f => new Lazy<CachedFile?>(() => Read(f))).Value;
        if (file is null || objectLocation.Line > file.LineStarts.Length)
        {
            return null;
        }

        var fieldPath = FieldPath.Parse(path);
        try
        {
            var (line, column) = file.Json is not null
                ? LocateJson(file, objectLocation, fieldPath)
                : LocateYaml(file, objectLocation, fieldPath);
            return new SourceLocation(objectLocation.File, line, column) { Document = objectLocation.Document };
        }
        catch (Exception ex) when (ex is YamlException or JsonException or ArgumentException or InvalidOperationException)
        {
            // The file changed since it was loaded or the object is unusual: the object's own line is still right.
            return objectLocation;
        }
    }

    private static CachedFile? Read(string path)
    {
        try
        {
            byte[] bytes;
            using (Stream raw = File.OpenRead(path))
            using (var stream = ManifestLoader.IsGzip(path) ? new GZipStream(raw, CompressionMode.Decompress) : raw)
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var first = bytes.AsSpan(bom).TrimStart(" \t\r\n"u8);
            var json = ManifestLoader.IsJsonName(path) ||
                       (!ManifestLoader.IsYamlName(path) && first.Length > 0 && first[0] is (byte)'{' or (byte)'[');
            if (json)
            {
                return new CachedFile(bytes, null, LineStarts(bytes));
            }

            var text = Encoding.UTF8.GetString(bytes.AsSpan(bom));
            return new CachedFile(null, text, LineStarts(text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    private static int[] LineStarts(ReadOnlySpan<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = bytes.IndexOf((byte)'\n'); i >= 0;)
        {
            starts.Add(i + 1);
            var next = bytes[(i + 1)..].IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return starts.ToArray();
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }

        return starts.ToArray();
    }

    private static (int Line, int Column) LocateYaml(CachedFile file, SourceLocation at, FieldPath path)
    {
        var text = file.Text!;
        var starts = file.LineStarts;
        var first = at.Line;
        while (first > 1 && !IsMarkerLine(text, starts, first))
        {
            first--;
        }

        var last = at.Line + 1;
        while (last <= starts.Length && !IsMarkerLine(text, starts, last) && !IsEndLine(text, starts, last))
        {
            last++;
        }

        var from = starts[first - 1];
        var to = last <= starts.Length ? starts[last - 1] : text.Length;
        var stream = new YamlStream();
        stream.Load(new StringReader(text[from..to]));
        if (stream.Documents.Count == 0)
        {
            return (at.Line, at.Column);
        }

        var offset = first - 1;
        var node = FindObject(stream.Documents[0].RootNode, at, offset, 0) ?? stream.Documents[0].RootNode;
        var best = (Line: (int)node.Start.Line + offset, Column: (int)node.Start.Column);
        var i = 0;
        while (i < path.Segments.Count)
        {
            var segment = path.Segments[i];
            if (segment.Key is null)
            {
                if (node is not YamlSequenceNode seq || segment.Index >= seq.Children.Count)
                {
                    break;
                }

                node = seq.Children[segment.Index];
                best = ((int)node.Start.Line + offset, (int)node.Start.Column);
                i++;
                continue;
            }

            if (node is not YamlMappingNode map)
            {
                break;
            }

            var found = false;
            foreach (var (key, consumed) in path.KeyCandidates(i))
            {
                foreach (var child in map.Children)
                {
                    if (child.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.Ordinal))
                    {
                        best = ((int)k.Start.Line + offset, (int)k.Start.Column);
                        node = child.Value;
                        i += consumed;
                        found = true;
                        break;
                    }
                }

                if (found)
                {
                    break;
                }
            }

            if (!found)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>The node starting at the object's line and column: the root, or an item of a (nested) list.</summary>
    private static YamlNode? FindObject(YamlNode node, SourceLocation at, int offset, int depth)
    {
        if (node.Start.Line + offset == at.Line && node.Start.Column == at.Column)
        {
            return node;
        }

        if (depth > 4)
        {
            return null;
        }

        var items = node switch
        {
            YamlSequenceNode s => s,
            YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("items"), out var v) => v as YamlSequenceNode,
            _ => null,
        };
        if (items is null)
        {
            return null;
        }

        foreach (var item in items.Children)
        {
            if (FindObject(item, at, offset, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsMarkerLine(string text, int[] starts, int line) => StartsLine(text, starts, line, "---");

    private static bool IsEndLine(string text, int[] starts, int line) => StartsLine(text, starts, line, "...");

    private static bool StartsLine(string text, int[] starts, int line, string marker)
    {
        var s = starts[line - 1];
        if (string.CompareOrdinal(text, s, marker, 0, 3) != 0)
        {
            return false;
        }

        return s + 3 >= text.Length || text[s + 3] is ' ' or '\t' or '\r' or '\n';
    }

    private static (int Line, int Column) LocateJson(CachedFile file, SourceLocation at, FieldPath path)
    {
        var bytes = file.Json!;
        var lineStart = file.LineStarts[at.Line - 1];
        var start = lineStart + ByteOffsetOfColumn(bytes, lineStart, at.Column);
        var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { MaxDepth = 1024 });
        if (!reader.Read())
        {
            return (at.Line, at.Column);
        }

        var best = start;
        var i = 0;
        while (i < path.Segments.Count)
        {
            var segment = path.Segments[i];
            if (segment.Key is null)
            {
                if (reader.TokenType != JsonTokenType.StartArray || !SeekIndex(ref reader, segment.Index))
                {
                    break;
                }

                best = start + (int)reader.TokenStartIndex;
                i++;
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                break;
            }

            var consumed = SeekProperty(ref reader, path, i);
            if (consumed == 0)
            {
                break;
            }

            best = start + (int)reader.TokenStartIndex;
            reader.Read();
            i += consumed;
        }

        return Position(bytes, file.LineStarts, best);
    }

    /// <summary>Moves to the matching property name of the object at the reader; returns segments consumed or 0.</summary>
    private static int SeekProperty(ref Utf8JsonReader reader, FieldPath path, int index)
    {
        var candidates = path.KeyCandidates(index).ToArray();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            foreach (var (key, consumed) in candidates)
            {
                if (reader.ValueTextEquals(key))
                {
                    return consumed;
                }
            }

            reader.Read();
            reader.Skip();
        }

        return 0;
    }

    private static bool SeekIndex(ref Utf8JsonReader reader, int index)
    {
        var i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (i++ == index)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static int ByteOffsetOfColumn(byte[] bytes, int lineStart, int column)
    {
        var offset = 0;
        var chars = 0;
        while (chars < column - 1 && lineStart + offset < bytes.Length)
        {
            var b = bytes[lineStart + offset];
            offset += b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            chars += b >= 0xF0 ? 2 : 1;
        }

        return offset;
    }

    private static (int Line, int Column) Position(byte[] bytes, int[] lineStarts, int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = Encoding.UTF8.GetCharCount(bytes.AsSpan(lineStarts[line], offset - lineStarts[line])) + 1;
        return (line + 1, column);
    }

    private sealed record CachedFile(byte[]? Json, string? Text, int[] LineStarts);
}
