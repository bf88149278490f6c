namespace PhiGuard.Sources.Manifests;

/// <summary>Reads a held-back piece of text, then the rest of another reader (used to restart after a marker).</summary>
internal sealed class PrefixedReader(string prefix, TextReader rest) : TextReader
{
    private int index;

    public override int Read(char[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<char> buffer)
    {
        if (index < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - index);
            prefix.AsSpan(index, n).CopyTo(buffer);
            index += n;
            return n;
        }

        return rest.Read(buffer);
    }

    public override int Read() => index < prefix.Length ? prefix[index++] : rest.Read();

    public override int Peek() => index < prefix.Length ? prefix[index] : rest.Peek();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
