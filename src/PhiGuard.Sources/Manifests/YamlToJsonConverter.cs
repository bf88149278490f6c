using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Converts one YAML document from parser events straight to JSON bytes (no node tree), then to a
/// <see cref="JsonElement"/>. Expands aliases within a node budget, bounds depth and size, and resolves scalars
/// as Kubernetes does. One instance is reused across documents so its buffers are pooled.
/// </summary>
internal sealed class YamlToJsonConverter : IDisposable
{
    private const string TagPrefix = "tag:yaml.org,2002:";
    private const int KeySetThreshold = 8;

    private readonly LoaderLimits limits;
    private readonly JsonReaderOptions readerOptions;
    private readonly JsonWriterOptions writerOptions;
    private readonly Dictionary<string, Recorded> anchors = new(StringComparer.Ordinal);
    private readonly List<Recording> recordings = [];
    private readonly List<Frame> frames = [];
    private readonly List<Frame> framePool = [];
    private readonly List<(long, long)> itemStarts = [];
    private readonly BatchBuffer buffer = new();
    private readonly Utf8JsonWriter writer;
    private int batchCount;
    private int documentStartBytes;
    private long lineOffset;
    private long documentLine;
    private long aliasNodes;
    private int replayDepth;

    public YamlToJsonConverter(LoaderLimits limits)
    {
        this.limits = limits;
        readerOptions = new JsonReaderOptions { MaxDepth = limits.MaxDepth + 2 };

        // The event stream already guarantees well-formed nesting (complex keys are refused), and the JSON is parsed
        // right after, so a converter bug would still surface as an error rather than bad data.
        writerOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = limits.MaxDepth + 2,
            SkipValidation = true,
        };
        writer = new Utf8JsonWriter(buffer, writerOptions);
    }

    /// <summary>Bytes of converted documents waiting in the current batch.</summary>
    public int BatchBytes => buffer.Length;

    /// <summary>
    /// Converts the document whose <see cref="DocumentStart"/> the parser has just passed into the current batch,
    /// consuming events up to and including its <see cref="DocumentEnd"/>. Returns null for an empty or null
    /// document. Throws <see cref="DocumentException"/> for a document that breaks a limit or cannot be
    /// represented (the parser is then left inside the document: call <see cref="SkipRestOfDocument"/>); a failed
    /// document leaves nothing in the batch.
    /// </summary>
    public YamlDocument? Convert(IParser parser, long lineOffset, long documentLine)
    {
        this.lineOffset = lineOffset;
        this.documentLine = documentLine;
        Reset();
        var root = parser.Current!;
        if (root is DocumentEnd)
        {
            parser.MoveNext();
            return null;
        }

        if (root is Scalar s && s.Tag.IsEmpty && s.Style == ScalarStyle.Plain &&
            YamlScalars.Resolve(s.Value, out _, out _, out _) == ScalarKind.Null)
        {
            // Comment-only documents and explicit nulls carry no object (kubectl skips them too).
            parser.MoveNext();
            ExpectDocumentEnd(parser);
            return null;
        }

        var rootLine = root.Start.Line + lineOffset;
        var rootColumn = root.Start.Column;
        documentStartBytes = buffer.Length;
        buffer.Append(batchCount == 0 ? (byte)'[' : (byte)',');
        writer.Reset(buffer);
        try
        {
            while (true)
            {
                var e = parser.Current!;
                if (e is DocumentEnd)
                {
                    break;
                }

                Handle(e);
                parser.MoveNext();
                if (frames.Count == 0)
                {
                    ExpectDocumentEnd(parser);
                    break;
                }
            }

            writer.Flush();
        }
        catch
        {
            // Whatever failed (a limit, the parser), the batch must stay valid JSON for the documents before.
            writer.Reset(buffer);
            buffer.Truncate(documentStartBytes);
            throw;
        }

        batchCount++;
        var items = itemStarts.Count == 0 ? (IReadOnlyList<(long, long)>)[] : itemStarts.ToArray();
        return new YamlDocument(rootLine, rootColumn, items);
    }

    /// <summary>Drops the batch (after a load was interrupted).</summary>
    public void DiscardBatch()
    {
        buffer.Clear();
        batchCount = 0;
    }

    /// <summary>
    /// Parses the batch into one JSON document (one large allocation the GC never has to copy, instead of two small
    /// ones per object) and returns its elements in conversion order; empties the batch.
    /// </summary>
    public IReadOnlyList<JsonElement> FlushBatch()
    {
        if (batchCount == 0)
        {
            buffer.Clear();
            return [];
        }

        buffer.Append((byte)']');
        var reader = new Utf8JsonReader(buffer.WrittenSpan, readerOptions);
        var array = JsonElement.ParseValue(ref reader);
        var result = new List<JsonElement>(batchCount);
        foreach (var e in array.EnumerateArray())
        {
            result.Add(e);
        }

        buffer.Clear();
        batchCount = 0;
        return result;
    }

    public void Dispose() => writer.Dispose();

    /// <summary>After a <see cref="DocumentException"/>: consume events up to and including the document end.</summary>
    public static void SkipRestOfDocument(IParser parser)
    {
        while (parser.Current is not DocumentEnd and not StreamEnd and not null)
        {
            parser.MoveNext();
        }

        if (parser.Current is DocumentEnd)
        {
            parser.MoveNext();
        }
    }

    private static void ExpectDocumentEnd(IParser parser)
    {
        if (parser.Current is DocumentEnd)
        {
            parser.MoveNext();
        }
    }

    private void Reset()
    {
        anchors.Clear();
        recordings.Clear();
        frames.Clear();
        itemStarts.Clear();
        aliasNodes = 0;
        replayDepth = 0;
    }

    /// <summary>An event from the source stream: recorded for open anchors, then applied.</summary>
    private void Handle(ParsingEvent e)
    {
        if (e is AnchorAlias alias)
        {
            var target = Resolve(alias);
            foreach (var r in recordings)
            {
                r.Events.Add(new RecordedEvent(null, target));
            }

            Expand(target, alias);
            return;
        }

        foreach (var r in recordings)
        {
            r.Events.Add(new RecordedEvent(e, null));
        }

        if (e is NodeEvent { Anchor.IsEmpty: false } node)
        {
            var recording = new Recording(node.Anchor.Value, frames.Count, [new RecordedEvent(e, null)]);
            if (e is Scalar)
            {
                anchors[recording.Name] = new Recorded(recording.Events);
            }
            else
            {
                recordings.Add(recording);
            }
        }

        Apply(e);
        if (e is MappingEnd or SequenceEnd)
        {
            for (var i = recordings.Count - 1; i >= 0; i--)
            {
                if (recordings[i].Depth == frames.Count)
                {
                    anchors[recordings[i].Name] = new Recorded(recordings[i].Events);
                    recordings.RemoveAt(i);
                }
            }
        }
    }

    private Recorded Resolve(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (anchors.TryGetValue(name, out var target))
        {
            return target;
        }

        foreach (var r in recordings)
        {
            if (string.Equals(r.Name, name, StringComparison.Ordinal))
            {
                throw Error($"alias *{name} refers to a node that contains it", alias.Start);
            }
        }

        throw Error($"alias *{name} refers to an unknown anchor", alias.Start);
    }

    private void Expand(Recorded target, ParsingEvent at)
    {
        if (++replayDepth > limits.MaxDepth)
        {
            throw Error($"aliases nest deeper than {limits.MaxDepth} levels", at.Start);
        }

        foreach (var r in target.Events)
        {
            if (r.Alias is { } nested)
            {
                Expand(nested, at);
                continue;
            }

            if (r.Event is Scalar or MappingStart or SequenceStart && ++aliasNodes > limits.MaxAliasExpansion)
            {
                throw Error(
                    $"alias expansion exceeds {limits.MaxAliasExpansion.ToString(CultureInfo.InvariantCulture)} nodes in one document (a YAML alias bomb?)",
                    at.Start);
            }

            Apply(r.Event!);
        }

        replayDepth--;
    }

    private void Apply(ParsingEvent e)
    {
        switch (e)
        {
            case Scalar s:
                if (frames.Count > 0 && frames[^1].ExpectKey)
                {
                    WriteKey(s);
                }
                else
                {
                    BeforeValue(s);
                    WriteScalar(s);
                }

                break;
            case MappingStart m:
                RefuseComplexKey(m);
                BeforeValue(m);
                Push(true, m);
                writer.WriteStartObject();
                break;
            case SequenceStart q:
                RefuseComplexKey(q);
                BeforeValue(q);
                Push(false, q);
                writer.WriteStartArray();
                break;
            case MappingEnd:
                writer.WriteEndObject();
                frames.RemoveAt(frames.Count - 1);
                break;
            case SequenceEnd:
                writer.WriteEndArray();
                frames.RemoveAt(frames.Count - 1);
                break;
            default:
                throw Error($"unexpected YAML event {e.GetType().Name}", e.Start);
        }
    }

    private void RefuseComplexKey(ParsingEvent e)
    {
        if (frames.Count > 0 && frames[^1].ExpectKey)
        {
            throw Error("a mapping or sequence used as a key cannot be represented in JSON", e.Start);
        }
    }

    /// <summary>True when the node about to start is the root sequence or the value of the root mapping's "items".</summary>
    private bool IsItemsValue() =>
        frames.Count == 0 || (frames.Count == 1 && frames[0].IsMapping && frames[0].LastKeyIsItems);

    private void Push(bool isMapping, ParsingEvent at)
    {
        var depth = frames.Count;
        if (depth >= limits.MaxDepth)
        {
            throw Error($"nesting deeper than {limits.MaxDepth} levels", at.Start);
        }

        // Frames are reused per depth: a document has thousands of mappings and they would all be garbage.
        if (depth == framePool.Count)
        {
            framePool.Add(new Frame());
        }

        var frame = framePool[depth];
        frame.Reset(isMapping, IsItemsValue());
        frames.Add(frame);
    }

    private void BeforeValue(ParsingEvent at)
    {
        if (frames.Count == 0)
        {
            return;
        }

        var top = frames[^1];
        if (top.IsMapping)
        {
            top.ExpectKey = true;
        }
        else if (top.IsItems)
        {
            itemStarts.Add((at.Start.Line + lineOffset, at.Start.Column));
        }

        if (buffer.Length - documentStartBytes + writer.BytesPending > limits.MaxDocumentBytes)
        {
            // Fatal like the source-size check: the rest of the document is skipped by resynchronising, not parsed.
            throw new DocumentException($"document is larger than the {Sizes.Format(limits.MaxDocumentBytes)} limit once converted", documentLine, 1, fatalForFile: true);
        }
    }

    private void WriteKey(Scalar s)
    {
        var top = frames[^1];
        var key = KeyText(s);
        top.ExpectKey = false;
        top.LastKeyIsItems = frames.Count == 1 && string.Equals(key, "items", StringComparison.Ordinal);
        if (!top.AddKey(key))
        {
            // Kubernetes (strict field validation) rejects duplicates; silently taking one would hide a setting.
            throw Error($"duplicate key '{key}'", s.Start);
        }

        writer.WritePropertyName(key);
    }

    private string KeyText(Scalar s)
    {
        if (!s.Tag.IsEmpty || s.Style != ScalarStyle.Plain)
        {
            return s.Value;
        }

        return YamlScalars.Resolve(s.Value, out var l, out var u, out var d) switch
        {
            ScalarKind.Merge => throw Error("YAML merge keys (<<) are not supported; write the keys out", s.Start),
            ScalarKind.True => "true",
            ScalarKind.False => "false",
            ScalarKind.Null => "null",
            ScalarKind.Integer => l.ToString(CultureInfo.InvariantCulture),
            ScalarKind.Unsigned => u.ToString(CultureInfo.InvariantCulture),
            ScalarKind.Float => d.ToString("R", CultureInfo.InvariantCulture),
            _ => s.Value,
        };
    }

    private void WriteScalar(Scalar s)
    {
        if (!s.Tag.IsEmpty)
        {
            WriteTagged(s);
            return;
        }

        if (s.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(s.Value);
            return;
        }

        WriteResolved(s, YamlScalars.Resolve(s.Value, out var l, out var u, out var d), l, u, d);
    }

    private void WriteResolved(Scalar s, ScalarKind kind, long l, ulong u, double d)
    {
        switch (kind)
        {
            case ScalarKind.Null: writer.WriteNullValue(); break;
            case ScalarKind.True: writer.WriteBooleanValue(true); break;
            case ScalarKind.False: writer.WriteBooleanValue(false); break;
            case ScalarKind.Integer: writer.WriteNumberValue(l); break;
            case ScalarKind.Unsigned: writer.WriteNumberValue(u); break;
            case ScalarKind.Float: writer.WriteNumberValue(d); break;
            case ScalarKind.NotFinite: throw Error($"'{s.Value}' (NaN or infinity) cannot be represented in JSON", s.Start);
            default: writer.WriteStringValue(s.Value); break;
        }
    }

    private void WriteTagged(Scalar s)
    {
        if (s.Tag.IsNonSpecific)
        {
            writer.WriteStringValue(s.Value);
            return;
        }

        var tag = s.Tag.Value;
        if (!tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            // go-yaml v2 leaves scalars with tags it cannot resolve as their text.
            writer.WriteStringValue(s.Value);
            return;
        }

        var kind = YamlScalars.Resolve(s.Value, out var l, out var u, out var d);
        switch (tag.AsSpan(TagPrefix.Length))
        {
            case "str":
            case "binary":
            case "timestamp":
                writer.WriteStringValue(s.Value);
                break;
            case "null":
                writer.WriteNullValue();
                break;
            case "bool" when kind is ScalarKind.True or ScalarKind.False:
            case "int" when kind is ScalarKind.Integer or ScalarKind.Unsigned:
                WriteResolved(s, kind, l, u, d);
                break;
            case "float" when kind is ScalarKind.Float or ScalarKind.NotFinite:
                WriteResolved(s, kind, l, u, d);
                break;
            case "float" when kind is ScalarKind.Integer:
                writer.WriteNumberValue((double)l);
                break;
            case "bool" or "int" or "float":
                throw Error($"cannot read '{s.Value}' as !!{tag[TagPrefix.Length..]}", s.Start);
            default:
                writer.WriteStringValue(s.Value);
                break;
        }
    }

    private DocumentException Error(string message, Mark at) => new(message, at.Line + lineOffset, at.Column);

    private sealed class Frame
    {
        private readonly List<string> keyList = new(KeySetThreshold);
        private HashSet<string>? keySet;
        private bool useSet;

        public bool IsMapping { get; private set; }

        /// <summary>For a sequence: it holds the objects of the document (root sequence or root "items").</summary>
        public bool IsItems { get; private set; }

        public bool ExpectKey { get; set; }

        public bool LastKeyIsItems { get; set; }

        public void Reset(bool isMapping, bool isItems)
        {
            IsMapping = isMapping;
            IsItems = isItems;
            ExpectKey = isMapping;
            LastKeyIsItems = false;
            keyList.Clear();
            if (useSet)
            {
                keySet!.Clear();
                useSet = false;
            }
        }

        /// <summary>Records a key; false when it is already present. Small mappings use a list, large ones a set.</summary>
        public bool AddKey(string key)
        {
            if (useSet)
            {
                return keySet!.Add(key);
            }

            foreach (var k in keyList)
            {
                if (string.Equals(k, key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            keyList.Add(key);
            if (keyList.Count > KeySetThreshold)
            {
                keySet ??= new HashSet<string>(StringComparer.Ordinal);
                keySet.UnionWith(keyList);
                keyList.Clear();
                useSet = true;
            }

            return true;
        }
    }

    private sealed record Recording(string Name, int Depth, List<RecordedEvent> Events);

    private sealed record Recorded(List<RecordedEvent> Events);

    private readonly record struct RecordedEvent(ParsingEvent? Event, Recorded? Alias);
}
