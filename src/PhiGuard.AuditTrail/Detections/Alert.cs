namespace PhiGuard.AuditTrail.Detections;

/// <summary>One fired detection: which rule, on which event, who and when; never the event's request or response bodies.</summary>
public sealed record Alert(
    string RuleId, string Title, string Severity, string AuditId, DateTimeOffset Time, string User,
    string Verb, string Resource, string Namespace, string Name, string Detail);
