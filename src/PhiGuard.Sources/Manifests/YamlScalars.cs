using System.Globalization;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Resolves plain YAML scalars the way Kubernetes does (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1): y/yes/on/true
/// and their variants are booleans, <c>~</c>/null/empty are null, Go-style integers (0x, 0o, 0b, leading-0 octal,
/// underscores) and YAML floats are numbers, timestamps stay strings, everything else is a string.
/// </summary>
internal static class YamlScalars
{
    private static readonly Dictionary<string, ScalarKind> Words = Build();

    public static ScalarKind Resolve(string text, out long integer, out ulong unsigned, out double real)
    {
        integer = 0;
        unsigned = 0;
        real = 0;
        if (text.Length == 0)
        {
            return ScalarKind.Null;
        }

        var c = text[0];
        switch (c)
        {
            case >= '0' and <= '9':
            case '+':
            case '-':
            case '.':
                if (Words.TryGetValue(text, out var w))
                {
                    return w;
                }

                return ResolveNumber(text, out integer, out unsigned, out real);
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' or '<':
                return Words.TryGetValue(text, out var word) ? word : ScalarKind.String;
            default:
                return ScalarKind.String;
        }
    }

    /// <summary>Parses an integer as Go's <c>strconv.ParseInt(s, 0, 64)</c> does after go-yaml dropped underscores.</summary>
    public static bool TryParseGoInt(string text, out long value, out ulong unsignedValue, out bool isUnsigned)
    {
        value = 0;
        unsignedValue = 0;
        isUnsigned = false;
        var s = text.Contains('_', StringComparison.Ordinal) ? text.Replace("_", string.Empty, StringComparison.Ordinal) : text;
        var negative = false;
        var i = 0;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        if (i >= s.Length)
        {
            return false;
        }

        var radix = 10;
        if (s[i] == '0' && i + 1 < s.Length)
        {
            switch (s[i + 1])
            {
                case 'x' or 'X': radix = 16; i += 2; break;
                case 'o' or 'O': radix = 8; i += 2; break;
                case 'b' or 'B': radix = 2; i += 2; break;
                default: radix = 8; i += 1; break;
            }

            if (i >= s.Length)
            {
                return false;
            }
        }

        ulong magnitude = 0;
        for (; i < s.Length; i++)
        {
            var d = Digit(s[i]);
            if (d < 0 || d >= radix)
            {
                return false;
            }

            var next = unchecked((magnitude * (ulong)radix) + (ulong)d);
            if (magnitude > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                return false;
            }

            magnitude = next;
        }

        if (negative)
        {
            if (magnitude > 1UL << 63)
            {
                return false;
            }

            value = magnitude == 1UL << 63 ? long.MinValue : -(long)magnitude;
            return true;
        }

        if (magnitude <= long.MaxValue)
        {
            value = (long)magnitude;
            return true;
        }

        // go-yaml falls back to ParseUint, which refuses a sign.
        if (text[0] == '+')
        {
            return false;
        }

        unsignedValue = magnitude;
        isUnsigned = true;
        return true;
    }

    /// <summary>go-yaml's yamlStyleFloat: <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>.</summary>
    public static bool IsYamlFloat(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }
        else
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static ScalarKind ResolveNumber(string text, out long integer, out ulong unsigned, out double real)
    {
        real = 0;
        if (TryParseGoInt(text, out integer, out unsigned, out var isUnsigned))
        {
            return isUnsigned ? ScalarKind.Unsigned : ScalarKind.Integer;
        }

        var plain = text.Contains('_', StringComparison.Ordinal) ? text.Replace("_", string.Empty, StringComparison.Ordinal) : text;
        if (IsYamlFloat(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out real))
        {
            return double.IsFinite(real) ? ScalarKind.Float : ScalarKind.NotFinite;
        }

        return ScalarKind.String;
    }

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static Dictionary<string, ScalarKind> Build()
    {
        var d = new Dictionary<string, ScalarKind>(StringComparer.Ordinal);
        foreach (var s in new[] { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" })
        {
            d[s] = ScalarKind.True;
        }

        foreach (var s in new[] { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" })
        {
            d[s] = ScalarKind.False;
        }

        foreach (var s in new[] { "~", "null", "Null", "NULL" })
        {
            d[s] = ScalarKind.Null;
        }

        foreach (var s in new[] { ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF" })
        {
            d[s] = ScalarKind.NotFinite;
        }

        d["<<"] = ScalarKind.Merge;
        return d;
    }
}
