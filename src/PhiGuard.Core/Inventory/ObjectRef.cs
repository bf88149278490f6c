namespace PhiGuard.Core.Inventory;

/// <summary>Identity of a Kubernetes object as reports name it; orders by namespace, kind, name, apiVersion.</summary>
public sealed record ObjectRef(string ApiVersion, string Kind, string? Namespace, string Name) : IComparable<ObjectRef>
{
    public int CompareTo(ObjectRef? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Namespace ?? string.Empty, other.Namespace ?? string.Empty);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Kind, other.Kind);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Name, other.Name);
        return c != 0 ? c : string.CompareOrdinal(ApiVersion, other.ApiVersion);
    }

    public override string ToString() =>
        Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    public static bool operator <(ObjectRef? left, ObjectRef? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator <=(ObjectRef? left, ObjectRef? right) => left is null || left.CompareTo(right) <= 0;

    public static bool operator >(ObjectRef? left, ObjectRef? right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator >=(ObjectRef? left, ObjectRef? right) => left is null ? right is null : left.CompareTo(right) >= 0;
}
