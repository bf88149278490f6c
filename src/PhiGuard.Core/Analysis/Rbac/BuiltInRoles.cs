namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// The Kubernetes default ClusterRoles that exist in every cluster but not in manifests: cluster-admin (whose rules
/// Kubernetes fixes: everything) and the names of the others (admin, edit, view, system:*), whose rules change by
/// version and are only known from a live cluster or snapshot.
/// </summary>
public static class BuiltInRoles
{
    private static readonly HashSet<string> DefaultNames = new(StringComparer.Ordinal) { "cluster-admin", "admin", "edit", "view" };

    /// <summary>True for a name the API server's bootstrap policy creates.</summary>
    public static bool IsDefaultClusterRole(string name) =>
        DefaultNames.Contains(name) || name.StartsWith("system:", StringComparison.Ordinal);

    internal static RbacRole ClusterAdmin() => new("ClusterRole", null, "cluster-admin", null,
    [
        new PolicyRule(["*"], ["*"], ["*"]),
        new PolicyRule(["*"], [], [], nonResourceUrls: ["*"]),
    ]);
}
