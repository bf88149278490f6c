using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// A Role or ClusterRole with its effective rules: its own, or for an aggregated ClusterRole whose own rules are
/// empty, the union of the rules of the ClusterRoles its <c>aggregationRule</c> selects.
/// </summary>
public sealed class RbacRole
{
    internal RbacRole(string kind, string? ns, string name, KubeObject? obj, IReadOnlyList<PolicyRule> rules)
    {
        Kind = kind;
        Namespace = ns;
        Name = name;
        Object = obj;
        Rules = rules;
    }

    /// <summary><c>Role</c> or <c>ClusterRole</c>.</summary>
    public string Kind { get; }

    public string? Namespace { get; }

    public string Name { get; }

    /// <summary>The object in the input; null for a built-in role PhiGuard knows (cluster-admin).</summary>
    public KubeObject? Object { get; }

    public IReadOnlyList<PolicyRule> Rules { get; internal set; }

    /// <summary>The ClusterRoles whose rules were aggregated into this one (empty when not aggregated).</summary>
    public IReadOnlyList<string> AggregatedFrom { get; internal set; } = [];

    /// <summary>True when the role has every permission: a rule <c>*</c>/<c>*</c>/<c>*</c>.</summary>
    public bool IsClusterAdminEquivalent => Rules.Any(r => r.IsFullWildcard);

    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
