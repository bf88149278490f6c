using System.Text;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// A field inside an object, as a list of steps: field names, and list items picked by their merge key
/// (<c>spec.template.spec.containers[name=app].securityContext</c>). Immutable; compares by its text.
/// </summary>
public sealed class PatchPath : IEquatable<PatchPath>, IComparable<PatchPath>
{
    private readonly PatchSegment[] segments;
    private readonly string text;

    private PatchPath(PatchSegment[] segments)
    {
        this.segments = segments;
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            var part = s.ToString();
            if (sb.Length > 0 && !part.StartsWith('['))
            {
                sb.Append('.');
            }

            sb.Append(part);
        }

        text = sb.ToString();
    }

    public static PatchPath Root { get; } = new([]);

    public IReadOnlyList<PatchSegment> Segments => segments;

    /// <summary>A path of plain field names written dotted (<c>spec.template.spec</c>); names may not contain dots.</summary>
    public static PatchPath Of(string dotted)
    {
        ArgumentNullException.ThrowIfNull(dotted);
        return dotted.Length == 0 ? Root : new(dotted.Split('.').Select(n => new PatchSegment(n)).ToArray());
    }

    /// <summary>The pod spec of a workload (<c>spec.template.spec</c> for a Deployment).</summary>
    public static PatchPath PodSpec(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return Of(workload.PodSpecPath);
    }

    /// <summary>
    /// A container of a workload, picked by name (the strategic merge key), or null when the container has no name
    /// to pick it by.
    /// </summary>
    public static PatchPath? Container(Workload workload, Container container)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(container);
        if (container.Json.GetString("name") is not { Length: > 0 } name)
        {
            return null;
        }

        var list = container.Type switch
        {
            ContainerType.Init => "initContainers",
            ContainerType.Ephemeral => "ephemeralContainers",
            _ => "containers",
        };
        return PodSpec(workload).Item(list, "name", name);
    }

    /// <summary>This path followed by a field name (which may contain dots, as label keys do).</summary>
    public PatchPath Field(string name) => new([.. segments, new PatchSegment(name)]);

    /// <summary>This path followed by the item of list <paramref name="list"/> whose <paramref name="key"/> is <paramref name="value"/>.</summary>
    public PatchPath Item(string list, string key, string value) => new([.. segments, new PatchSegment(list, key, value)]);

    /// <summary>This path followed by several field names written dotted (<c>securityContext.capabilities</c>).</summary>
    public PatchPath Fields(string dotted)
    {
        ArgumentNullException.ThrowIfNull(dotted);
        return new([.. segments, .. dotted.Split('.').Select(n => new PatchSegment(n))]);
    }

    /// <summary>True when <paramref name="other"/> is this path or lies inside it.</summary>
    public bool Contains(PatchPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.segments.Length >= segments.Length && segments.SequenceEqual(other.segments.Take(segments.Length));
    }

    public bool Equals(PatchPath? other) => other is not null && string.Equals(text, other.text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PatchPath p && Equals(p);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(text);

    public int CompareTo(PatchPath? other) => other is null ? 1 : string.CompareOrdinal(text, other.text);

    public override string ToString() => text;

    public static bool operator ==(PatchPath? left, PatchPath? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PatchPath? left, PatchPath? right) => !(left == right);

    public static bool operator <(PatchPath? left, PatchPath? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator <=(PatchPath? left, PatchPath? right) => left is null || left.CompareTo(right) <= 0;

    public static bool operator >(PatchPath? left, PatchPath? right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator >=(PatchPath? left, PatchPath? right) => left is null ? right is null : left.CompareTo(right) >= 0;
}
