using System.Text;
using System.Xml;

namespace PhiGuard.Reports.Internal;

/// <summary>Keeps text legal in XML 1.0: characters XML cannot carry become U+FFFD instead of breaking the file.</summary>
internal static class XmlChars
{
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            var ok = XmlConvert.IsXmlChar(ch) ||
                     (char.IsHighSurrogate(ch) && i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], ch));
            if (ok && char.IsHighSurrogate(ch))
            {
                sb?.Append(ch).Append(value[i + 1]);
                i++;
                continue;
            }

            if (!ok)
            {
                sb ??= new StringBuilder(value, 0, i, value.Length);
                sb.Append('\uFFFD');
            }
            else
            {
                sb?.Append(ch);
            }
        }

        return sb?.ToString() ?? value;
    }
}
