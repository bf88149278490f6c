namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>A privilege-escalation path: subject → binding → role → rule → what it yields, in a namespace or cluster-wide.</summary>
public sealed record EscalationPath(Capability Capability, CapabilityAccess Access, Grant Grant)
{
    public RbacSubject Subject => Grant.Subject;

    /// <summary>Where it applies; null for every namespace and cluster scope.</summary>
    public string? Namespace => Grant.Namespace;

    /// <summary>The chain in one line.</summary>
    public string Chain =>
        $"{Subject} → {Grant.Binding} → {Grant.Role} → rules[{Grant.RuleIndex}] ({Grant.Rule}) → {Access} " +
        $"{(Namespace is null ? "in every namespace" : $"in namespace {Namespace}")}: {Capability.Yields}";
}
