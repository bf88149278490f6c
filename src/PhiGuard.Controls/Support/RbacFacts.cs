using System.Runtime.CompilerServices;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// What the RBAC controls share: the permission model (built once per inventory), whether RBAC can be judged at
/// all, and which subjects are the platform's own components.
/// </summary>
internal static class RbacFacts
{
    private static readonly ConditionalWeakTable<Inventory, PermissionModel> Models = new();

    /// <summary>Groups and users that Kubernetes itself runs as; never someone's grant to review.</summary>
    private static readonly HashSet<string> PlatformGroups = new(StringComparer.Ordinal) { "system:masters", "system:nodes", "kubeadm:cluster-admins" };

    public static PermissionModel Model(Inventory inventory) => Models.GetValue(inventory, PermissionModel.Build);

    /// <summary>
    /// The model, or null after marking the control not-assessable (RBAC objects unreadable, or a live cluster that
    /// returned no bindings) or not-applicable (manifests without any binding).
    /// </summary>
    public static PermissionModel? ModelOrVerdict(ControlContext context, ClusterVerdict verdict)
    {
        var inventory = context.Inventory;
        foreach (var kind in new[] { "ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role" })
        {
            if (inventory.GapFor(PermissionModel.RbacGroup, kind) is { } gap)
            {
                verdict.NotAssessable($"could not read {kind}s: {gap.Reason}");
                return null;
            }
        }

        var model = Model(inventory);
        if (model.Bindings.Count == 0)
        {
            if (inventory.Origin == InventoryOrigin.Cluster)
            {
                verdict.NotAssessable("no RoleBinding or ClusterRoleBinding was read from the cluster, yet every cluster has system bindings");
            }
            else
            {
                verdict.NotApplicable("no RoleBinding or ClusterRoleBinding in the input");
            }

            return null;
        }

        return model;
    }

    /// <summary>
    /// A platform component: the API server's superuser and node groups, <c>system:</c> users other than
    /// <c>system:anonymous</c>, and service accounts of the configured system namespaces. The implicit groups
    /// (<c>system:authenticated</c>, <c>system:unauthenticated</c>, <c>system:serviceaccounts*</c>) are never
    /// platform: they stand for everyone.
    /// </summary>
    public static bool IsPlatform(RbacSubject subject, PhiGuardConfig config) => subject.Kind switch
    {
        RbacSubject.Group => PlatformGroups.Contains(subject.Name),
        RbacSubject.User => subject.Name.StartsWith("system:", StringComparison.Ordinal) && subject.Name != RbacIdentity.Anonymous,
        RbacSubject.ServiceAccount => subject.Namespace is not null && config.SystemNamespaces.Contains(subject.Namespace, StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>True when the subject is named in one of the lists (a ServiceAccount only with its namespace).</summary>
    public static bool IsListed(RbacSubject subject, params IEnumerable<SubjectRef>[] lists) =>
        lists.Any(list => list.Any(a =>
            a.Kind == subject.Kind && a.Name == subject.Name &&
            (subject.Kind != RbacSubject.ServiceAccount || a.Namespace == subject.Namespace)));

    /// <summary>A human subject: a User or Group that is not a platform component (service accounts are workloads).</summary>
    public static bool IsHuman(RbacSubject subject, PhiGuardConfig config) =>
        subject.Kind is RbacSubject.User or RbacSubject.Group && !IsPlatform(subject, config) &&
        !subject.Name.StartsWith("system:serviceaccount", StringComparison.Ordinal);
}
