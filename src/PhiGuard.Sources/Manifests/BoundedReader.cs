namespace PhiGuard.Sources.Manifests;

/// <summary>
/// A pass-through reader that counts characters so the YAML scanner cannot swallow an endless stream or one
/// enormous document: it stops as soon as the total or the current document exceeds its limit, before the
/// scanner buffers it all.
/// </summary>
internal sealed class BoundedReader(TextReader inner, LoaderLimits limits) : TextReader
{
    /// <summary>Read-ahead the YAML scanner may hold beyond the current token (its look-ahead buffer is 2 KiB).</summary>
    private const int Slack = 64 * 1024;

    /// <summary>Characters read so far.</summary>
    public long Position { get; private set; }

    /// <summary>Position of the current document's start, or -1 outside a document.</summary>
    public long DocumentStart { get; set; } = -1;

    /// <summary>Line of the current document's start, for the message.</summary>
    public long DocumentLine { get; set; }

    public override int Read(char[] buffer, int index, int count) => Advance(inner.Read(buffer, index, count));

    public override int Read(Span<char> buffer) => Advance(inner.Read(buffer));

    public override int Read()
    {
        var c = inner.Read();
        if (c >= 0)
        {
            Advance(1);
        }

        return c;
    }

    public override int Peek() => inner.Peek();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int n)
    {
        Position += n;
        if (Position > limits.MaxFileBytes)
        {
            throw new DocumentException($"input is larger than the {Sizes.Format(limits.MaxFileBytes)} limit", 0, 0, fatalForFile: true);
        }

        if (DocumentStart >= 0 && Position - DocumentStart > limits.MaxDocumentBytes + (long)Slack)
        {
            throw new DocumentException($"document is larger than the {Sizes.Format(limits.MaxDocumentBytes)} limit", DocumentLine, 1, fatalForFile: true);
        }

        return n;
    }
}
