using System.Text;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Turns byte offsets of a UTF-8 buffer into 1-based line and column (in characters). Offsets asked in increasing
/// order cost only the bytes between them (vectorised counting), so locating every item of a dump is one pass.
/// </summary>
internal sealed class LineMap(byte[] bytes, int length)
{
    private int offset;
    private int line = 1;
    private int lineStart;
    private int columnChars;

    public (int Line, int Column) At(int target)
    {
        target = Math.Clamp(target, 0, length);
        if (target < offset)
        {
            offset = 0;
            line = 1;
            lineStart = 0;
            columnChars = 0;
        }

        var span = bytes.AsSpan(offset, target - offset);
        var last = span.LastIndexOf((byte)'\n');
        if (last >= 0)
        {
            line += span.Count((byte)'\n');
            lineStart = offset + last + 1;
            columnChars = Encoding.UTF8.GetCharCount(bytes.AsSpan(lineStart, target - lineStart));
        }
        else
        {
            columnChars += Encoding.UTF8.GetCharCount(span);
        }

        offset = target;
        return (line, columnChars + 1);
    }
}
