using System.Text.RegularExpressions;
using PhiGuard.Core.Inventory;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Streams a multi-document YAML source through YamlDotNet's parser, one document at a time. A syntax error
/// costs only the documents up to the next <c>---</c> marker: the source is reopened and parsing restarts there.
/// </summary>
internal sealed partial class YamlStreamLoader(LoaderLimits limits) : IDisposable
{
    /// <summary>Converted documents are parsed into JSON in batches of about this many bytes.</summary>
    private const int BatchBytes = 1024 * 1024;

    private readonly YamlToJsonConverter converter = new(limits);
    private readonly List<(YamlDocument Doc, int Index)> pending = [];

    /// <summary>Loads every document of the source that <paramref name="open"/> opens (it may be called again to resync).</summary>
    public void Load(Func<TextReader> open, string name, LoadSink sink, CancellationToken ct)
    {
        // A previous file interrupted by an I/O error must not leak its half-finished batch into this one.
        pending.Clear();
        converter.DiscardBatch();
        var document = 0;
        var startLine = 1L;
        var bounded = new BoundedReader(open(), limits);
        TextReader source = bounded;
        var parserBase = 0L;
        while (true)
        {
            long resumeAfter;
            try
            {
                using (source)
                {
                    ParseAll(new Parser(source), bounded, parserBase, startLine - 1, name, sink, ref document, ct);
                }

                Flush(name, sink);
                return;
            }
            catch (YamlException ex)
            {
                var line = ex.Start.Line + startLine - 1;
                sink.Error(name, line, ex.Start.Column, CleanMessage(ex.Message));
                resumeAfter = line;
            }
            catch (DocumentException ex) when (ex.FatalForFile)
            {
                sink.Error(name, ex.Line, ex.Column, ex.Message);
                if (ex.Line <= 0)
                {
                    // The whole input is over its limit: keep what was complete, there is nothing to resume.
                    Flush(name, sink);
                    return;
                }

                // A size limit names the document's first line: resume at the next document, not this one again.
                resumeAfter = ex.Line + 1;
            }

            Flush(name, sink);

            // Restart at the next document marker from the failing line on (a marker on that very line is often the
            // next, healthy document), but always past where this attempt started, so it cannot loop.
            bounded = new BoundedReader(open(), limits);
            var rest = SkipToMarker(bounded, Math.Max(resumeAfter, startLine + 1), out var markerLine);
            if (rest is not { } resumed)
            {
                bounded.Dispose();
                return;
            }

            parserBase = bounded.Position - resumed.PrefixLength;
            source = resumed.Reader;
            startLine = markerLine;
            document++;
        }
    }

    public void Dispose() => converter.Dispose();

    private void ParseAll(Parser parser, BoundedReader bounded, long parserBase, long lineOffset, string name, LoadSink sink, ref int document, CancellationToken ct)
    {
        try
        {
            ParseDocuments(parser, bounded, parserBase, lineOffset, name, sink, ref document, ct);
        }
        catch (Exception ex) when (ex is not (YamlException or DocumentException or LoadAbortedException or OperationCanceledException))
        {
            // YamlDotNet occasionally fails on malformed input with a plain exception and no position; point at the
            // last event it produced so the user still gets a line.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlException(at, at, "invalid YAML near here (the parser could not continue)", ex);
        }
    }

    private void ParseDocuments(Parser parser, BoundedReader bounded, long parserBase, long lineOffset, string name, LoadSink sink, ref int document, CancellationToken ct)
    {
        parser.MoveNext();
        if (parser.Current is StreamStart)
        {
            parser.MoveNext();
        }

        while (parser.Current is DocumentStart start)
        {
            ct.ThrowIfCancellationRequested();
            bounded.DocumentStart = parserBase + start.Start.Index;
            bounded.DocumentLine = start.Start.Line + lineOffset;
            parser.MoveNext();
            try
            {
                if (converter.Convert(parser, lineOffset, bounded.DocumentLine) is { } doc)
                {
                    pending.Add((doc, document));
                    if (converter.BatchBytes >= BatchBytes)
                    {
                        Flush(name, sink);
                    }
                }
            }
            catch (DocumentException ex) when (!ex.FatalForFile)
            {
                sink.Error(name, ex.Line, ex.Column, ex.Message);
                YamlToJsonConverter.SkipRestOfDocument(parser);
            }

            bounded.DocumentStart = -1;
            document++;
        }
    }

    private void Flush(string name, LoadSink sink)
    {
        var elements = converter.FlushBatch();
        for (var i = 0; i < elements.Count; i++)
        {
            var (doc, index) = pending[i];
            var location = new SourceLocation(name, (int)doc.Line, (int)doc.Column) { Document = index };
            var items = doc.ItemStarts;
            sink.Add(elements[i], location, items.Count == 0 ? null : n =>
                n < items.Count ? new SourceLocation(name, (int)items[n].Line, (int)items[n].Column) { Document = index } : location);
        }

        pending.Clear();
    }

    /// <summary>
    /// Reads <paramref name="reader"/> up to the first line at or after <paramref name="fromLine"/> that starts a
    /// document (<c>---</c> then a blank or the end of line), and returns a reader positioned on it.
    /// </summary>
    internal static (TextReader Reader, int PrefixLength)? SkipToMarker(TextReader reader, long fromLine, out long markerLine)
    {
        var buf = new char[64 * 1024];
        int len = 0, pos = 0;
        long line = 1;
        var lineStart = true;
        var eof = false;
        markerLine = 0;
        while (true)
        {
            if (pos >= len || (lineStart && len - pos < 4 && !eof))
            {
                if (eof && pos >= len)
                {
                    reader.Dispose();
                    return null;
                }

                var remain = len - pos;
                Array.Copy(buf, pos, buf, 0, remain);
                len = remain;
                pos = 0;
                var n = reader.Read(buf, len, buf.Length - len);
                eof = n == 0;
                len += n;
                continue;
            }

            if (lineStart && line >= fromLine && IsMarker(buf.AsSpan(pos, len - pos), eof))
            {
                markerLine = line;
                var prefix = new string(buf, pos, len - pos);
                return (new PrefixedReader(prefix, reader), prefix.Length);
            }

            var nl = Array.IndexOf(buf, '\n', pos, len - pos);
            if (nl < 0)
            {
                pos = len;
                lineStart = false;
            }
            else
            {
                pos = nl + 1;
                line++;
                lineStart = true;
            }
        }
    }

    private static bool IsMarker(ReadOnlySpan<char> s, bool eof) =>
        s.StartsWith("---") && (s.Length == 3 ? eof : s[3] is ' ' or '\t' or '\r' or '\n');

    /// <summary>YamlDotNet prefixes messages with its own marks; the load error already carries line and column.</summary>
    private static string CleanMessage(string message) => MarkPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
