namespace PhiGuard.Sources.Node.Collect;

/// <summary>
/// One node file the collector looked at: copied as is, copied with parts removed (<c>redacted</c>), withheld (only
/// presence, mode and owner recorded) or missing (named by a flag but absent), with the reason.
/// </summary>
public sealed record CollectedFile(string Path, string Action, string Reason, string? Mode = null, int? Uid = null, int? Gid = null, long? Size = null)
{
    public const string Copied = "copied";
    public const string Redacted = "redacted";
    public const string Withheld = "withheld";
    public const string Missing = "missing";
}
