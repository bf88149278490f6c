using System.Globalization;

namespace PhiGuard.Controls.Support;

/// <summary>Reads the minor version out of Kubernetes version strings (<c>v1.31.2</c>, <c>v1.31.2-eks-1a2b</c>, <c>v1.31</c>).</summary>
internal static class KubeVersion
{
    /// <summary>The minor of a <c>v1.N…</c> or <c>1.N…</c> version, or null when it is not a Kubernetes 1.x version.</summary>
    public static int? Minor(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var v = version.Trim();
        if (v.StartsWith('v') || v.StartsWith('V'))
        {
            v = v[1..];
        }

        if (!v.StartsWith("1.", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = v[2..];
        var end = 0;
        while (end < rest.Length && char.IsAsciiDigit(rest[end]))
        {
            end++;
        }

        // "1.31" and "1.31.2-eks" are valid; "1.31x" or "1." are not.
        if (end == 0 || (end < rest.Length && rest[end] != '.' && rest[end] != '-' && rest[end] != '+'))
        {
            return null;
        }

        return int.TryParse(rest.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ? minor : null;
    }
}
