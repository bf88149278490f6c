namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>One way a subject holds a permission: the binding (and the subject's index in it), the role and the rule.</summary>
public sealed record Grant(RbacSubject Subject, int SubjectIndex, RbacBinding Binding, RbacRole Role, PolicyRule Rule, int RuleIndex)
{
    /// <summary>The namespace the grant applies in; null for cluster-wide (ClusterRoleBinding).</summary>
    public string? Namespace => Binding.Namespace;

    /// <summary>The field path of the subject in the binding, for findings.</summary>
    public string SubjectPath => $"subjects[{SubjectIndex}]";
}
