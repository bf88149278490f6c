namespace PhiGuard.Core.Remediation;

/// <summary>A change in an object's patch and the control that asked for it.</summary>
public sealed record PlannedChange(string Control, PatchChange Change);
