namespace PhiGuard.AuditTrail.Detections;

/// <summary>A rule with a threshold fires when one user has <c>Count</c> matching events within <c>WindowSeconds</c>.</summary>
public sealed record RuleThreshold(int Count, int WindowSeconds);
