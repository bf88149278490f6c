using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Engine;

/// <summary>
/// One outcome of one control on one object (or on the cluster as a whole, when <see cref="Object"/> is null):
/// the field path and a precise message. Never carries a Secret value.
/// </summary>
public sealed record Finding : IComparable<Finding>
{
    public required string Control { get; init; }

    public required Severity Severity { get; init; }

    public required Status Status { get; init; }

    public ObjectRef? Object { get; init; }

    /// <summary>Where the object (or the waiver, for expired-waiver findings) is written.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>Dotted field path inside the object (<c>spec.template.spec.containers[0].securityContext</c>); empty for the object as a whole.</summary>
    public string Path { get; init; } = string.Empty;

    public required string Message { get; init; }

    /// <summary>The waiver that covers this finding, when <see cref="Status"/> is waived.</summary>
    public Waiver? Waiver { get; init; }

    public int CompareTo(Finding? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Control, other.Control);
        if (c != 0)
        {
            return c;
        }

        c = (Object, other.Object) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => Object.CompareTo(other.Object),
        };
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Path, other.Path);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Message, other.Message);
        return c != 0 ? c : Status.CompareTo(other.Status);
    }

    public static bool operator <(Finding? left, Finding? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator <=(Finding? left, Finding? right) => left is null || left.CompareTo(right) <= 0;

    public static bool operator >(Finding? left, Finding? right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator >=(Finding? left, Finding? right) => left is null ? right is null : left.CompareTo(right) >= 0;
}
