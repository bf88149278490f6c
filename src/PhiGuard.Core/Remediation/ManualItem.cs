namespace PhiGuard.Core.Remediation;

/// <summary>A failure left for a person: the control, the field path, the finding's message and why no patch fixes it.</summary>
public sealed record ManualItem(string Control, string Path, string Message, string Reason);
