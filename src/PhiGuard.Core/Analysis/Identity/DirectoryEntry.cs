namespace PhiGuard.Core.Analysis.Identity;

/// <summary>A user or group of the identity provider: whether it is active and when it was last seen.</summary>
public sealed record DirectoryEntry(string Name, bool Active, DateTimeOffset? LastSeen);
