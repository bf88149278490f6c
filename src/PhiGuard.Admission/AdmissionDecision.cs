using PhiGuard.Core.Engine;

namespace PhiGuard.Admission;

/// <summary>The answer to one AdmissionReview: allowed or not, the message, the warnings and the audit annotations.</summary>
public sealed record AdmissionDecision
{
    public required bool Allowed { get; init; }

    /// <summary>HTTP code in the response status (403 when denied).</summary>
    public int? Code { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyDictionary<string, string> AuditAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The failing findings at or above the route's minimum severity (waived ones excluded).</summary>
    public IReadOnlyList<Finding> Violations { get; init; } = [];

    /// <summary>For metrics: allow, deny, warn or audit.</summary>
    public required string Outcome { get; init; }
}
