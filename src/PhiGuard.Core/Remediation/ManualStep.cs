namespace PhiGuard.Core.Remediation;

/// <summary>A failure no patch fixes honestly: the field path it was found at and why it needs a person.</summary>
public sealed record ManualStep(string Path, string Reason);
