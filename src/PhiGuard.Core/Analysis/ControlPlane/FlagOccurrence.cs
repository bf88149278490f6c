namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>One flag as written on a command line: its name, value and the field path of the argument.</summary>
public sealed record FlagOccurrence(string Name, string Value, string Path);
