namespace PhiGuard.AuditTrail.Detections;

/// <summary>A detection as data (detection-rules.json): an id, a title, a severity, what an event must match, and an optional threshold.</summary>
public sealed record DetectionRule
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Severity { get; init; }

    public required RuleMatch Match { get; init; }

    public RuleThreshold? Threshold { get; init; }
}
