namespace PhiGuard.Core.Inventory;

/// <summary>
/// A resource type that exists but could not be read (forbidden, timed out, not listable). Controls that need it
/// report not-assessable instead of passing on missing data.
/// </summary>
public sealed record ResourceGap(string Group, string Resource, string Kind, string Reason)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Group) ? $"{Resource}: {Reason}" : $"{Resource}.{Group}: {Reason}";
}
