using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// A Pod Security policy version, <c>v1.N</c> or <c>latest</c> (the newest version this evaluator knows); a version
/// newer than the newest known is evaluated as latest, as upstream does.
/// </summary>
public readonly record struct PodSecurityVersion : IComparable<PodSecurityVersion>
{
    /// <summary>The newest policy version whose checks this evaluator implements.</summary>
    public const int NewestKnownMinor = 37;

    private PodSecurityVersion(int minor, bool isLatest)
    {
        Minor = minor;
        IsLatest = isLatest;
    }

    public static PodSecurityVersion Latest { get; } = new(NewestKnownMinor, true);

    /// <summary>The minor version the checks are chosen by (newest known for latest).</summary>
    public int Minor { get; }

    public bool IsLatest { get; }

    public static PodSecurityVersion Of(int minor) =>
        minor < 0 ? throw new ArgumentOutOfRangeException(nameof(minor)) : new(Math.Min(minor, NewestKnownMinor), false);

    /// <summary>Parses <c>latest</c> or <c>v1.N</c> (as the namespace label is written); false for anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PodSecurityVersion? version)
    {
        version = null;
        if (text == "latest")
        {
            version = Latest;
            return true;
        }

        if (text is null || !text.StartsWith("v1.", StringComparison.Ordinal) || text.Length == 3 ||
            text.AsSpan(3).ContainsAnyExceptInRange('0', '9') ||
            !int.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = Of(minor);
        return true;
    }

    public int CompareTo(PodSecurityVersion other) => Minor.CompareTo(other.Minor);

    public override string ToString() => IsLatest ? "latest" : $"v1.{Minor}";

    public static bool operator <(PodSecurityVersion left, PodSecurityVersion right) => left.CompareTo(right) < 0;

    public static bool operator <=(PodSecurityVersion left, PodSecurityVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >(PodSecurityVersion left, PodSecurityVersion right) => left.CompareTo(right) > 0;

    public static bool operator >=(PodSecurityVersion left, PodSecurityVersion right) => left.CompareTo(right) >= 0;
}
