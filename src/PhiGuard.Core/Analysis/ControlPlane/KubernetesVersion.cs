using System.Globalization;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// A Kubernetes 1.x version as components and providers print it (<c>v1.35.2</c>, <c>1.35.2-gke.1200</c>,
/// <c>v1.35.2-eks-a1b2c3</c>, <c>v1.35.2+k3s1</c>, EKS's bare <c>1.35</c>); the patch is null when not stated.
/// </summary>
public readonly record struct KubernetesVersion(int Minor, int? Patch)
{
    /// <summary>Parses a version, or returns null when the text is not a Kubernetes 1.x version.</summary>
    public static KubernetesVersion? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var v = text.Trim();
        if (v.StartsWith('v') || v.StartsWith('V'))
        {
            v = v[1..];
        }

        if (!v.StartsWith("1.", StringComparison.Ordinal))
        {
            return null;
        }

        var minor = Number(v, 2, out var end);
        if (minor is null)
        {
            return null;
        }

        if (end == v.Length || v[end] is '-' or '+')
        {
            return new KubernetesVersion(minor.Value, null);
        }

        if (v[end] != '.')
        {
            return null;
        }

        var patch = Number(v, end + 1, out var pend);
        return patch is not null && (pend == v.Length || v[pend] is '-' or '+')
            ? new KubernetesVersion(minor.Value, patch)
            : null;
    }

    public override string ToString() => Patch is { } p ? $"1.{Minor}.{p}" : $"1.{Minor}";

    private static int? Number(string s, int start, out int end)
    {
        end = start;
        while (end < s.Length && end - start < 6 && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return end > start && int.TryParse(s.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
    }
}
