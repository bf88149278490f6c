namespace PhiGuard.Core.Remediation;

/// <summary>
/// One step of a <see cref="PatchPath"/>: a field name, or (with a merge key) the item of the list field whose key
/// field has the given value, as strategic merge patches name containers by <c>name</c>.
/// </summary>
public sealed record PatchSegment(string Name, string? MergeKey = null, string? MergeKeyValue = null)
{
    public bool IsListItem => MergeKey is not null;

    public override string ToString()
    {
        var name = Name.Contains('.', StringComparison.Ordinal) || Name.Contains('/', StringComparison.Ordinal)
            ? $"[\"{Name}\"]"
            : Name;
        return IsListItem ? $"{name}[{MergeKey}={MergeKeyValue}]" : name;
    }
}
