namespace PhiGuard.AuditTrail.Detections;

/// <summary>
/// Conditions on one event, all of which must hold; an unset condition holds always. Lists match any member;
/// <c>names</c> allows a leading or trailing <c>*</c>.
/// </summary>
public sealed record RuleMatch
{
    public IReadOnlyList<string>? Verbs { get; init; }

    public IReadOnlyList<string>? Resources { get; init; }

    public IReadOnlyList<string>? Subresources { get; init; }

    public IReadOnlyList<string>? Namespaces { get; init; }

    public IReadOnlyList<string>? Names { get; init; }

    public IReadOnlyList<string>? Users { get; init; }

    public IReadOnlyList<int>? Codes { get; init; }

    /// <summary>The event's namespace is one of the configured PHI namespaces.</summary>
    public bool? PhiNamespace { get; init; }

    /// <summary>The user is a person: not a service account, node or other <c>system:</c> identity.</summary>
    public bool? Human { get; init; }

    /// <summary>The request carried impersonation headers.</summary>
    public bool? Impersonated { get; init; }

    /// <summary>The user is one of the configured break-glass identities.</summary>
    public bool? BreakGlass { get; init; }

    /// <summary>Conditions on the logged <c>requestObject</c> (needs the audit policy's Request level).</summary>
    public IReadOnlyList<RequestCondition>? Request { get; init; }
}
