using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// A RoleBinding or ClusterRoleBinding with its role looked up the way the authorizer does: a RoleBinding's Role in
/// the binding's own namespace, a ClusterRole by name; a RoleBinding to a ClusterRole grants only in its namespace.
/// </summary>
public sealed class RbacBinding
{
    internal RbacBinding(KubeObject obj, string roleKind, string roleName, IReadOnlyList<RbacSubject?> subjects)
    {
        Object = obj;
        RoleKind = roleKind;
        RoleName = roleName;
        Subjects = subjects;
    }

    public KubeObject Object { get; }

    /// <summary><c>RoleBinding</c> or <c>ClusterRoleBinding</c>.</summary>
    public string Kind => Object.Kind;

    public string Name => Object.Name;

    /// <summary>The namespace it grants in; null for a ClusterRoleBinding (every namespace and cluster scope).</summary>
    public string? Namespace => Kind == "RoleBinding" ? Object.Namespace : null;

    public string RoleKind { get; }

    public string RoleName { get; }

    /// <summary>Subjects by their index in <c>subjects</c>; null where an entry is malformed or of an unknown kind.</summary>
    public IReadOnlyList<RbacSubject?> Subjects { get; }

    public RbacRole? Role { get; internal set; }

    public RoleResolution Resolution { get; internal set; }

    /// <summary>True when the binding grants in namespace <paramref name="ns"/> (null: a cluster-scoped request).</summary>
    public bool GrantsIn(string? ns) => Namespace is null || Namespace == ns;

    /// <summary><c>ClusterRoleBinding admins</c> or <c>RoleBinding ehr-prod/oncall</c>.</summary>
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    /// <summary>The role as the binding names it: <c>ClusterRole view</c>, <c>Role ehr-prod/reader</c>.</summary>
    public string RoleDisplay => RoleKind == "Role" ? $"Role {Object.Namespace}/{RoleName}" : $"ClusterRole {RoleName}";
}
