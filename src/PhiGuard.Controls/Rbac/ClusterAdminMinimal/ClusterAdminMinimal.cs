using System.Globalization;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Rbac;

/// <summary>
/// Only break-glass subjects named in <c>clusterAdminAllowList</c> (at most two by default) and enumerated system
/// components are bound cluster-wide to <c>cluster-admin</c> or to any ClusterRole granting <c>*</c> verbs on
/// <c>*</c> resources in <c>*</c> API groups.
/// </summary>
internal sealed class ClusterAdminMinimal : ClusterControl
{
    /// <summary>The config threshold that caps the break-glass allow-list.</summary>
    public const string AllowListMaxThreshold = "clusterAdminAllowListMax";

    private const string Group = "rbac.authorization.k8s.io";
    private const int DefaultAllowListMax = 2;

    /// <summary>Subjects that hold cluster-admin by construction of the cluster, not by anyone's grant.</summary>
    private static readonly SubjectRef[] SystemComponents =
    [
        new("Group", "system:masters"),
        new("Group", "kubeadm:cluster-admins"),
    ];

    public override string Id => "cluster-admin-minimal";

    public override string Title => "cluster-admin is held only by break-glass groups and system components";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations =>
        ["164.308(a)(3)(ii)(A)", "164.308(a)(4)(ii)(B)", "164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-012", "hipaa-021", "hipaa-085"];

    public override IReadOnlyList<string> Requirements => ["S26"];

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding", "ClusterRole"];

    public override string Rationale =>
        "cluster-admin can read every Secret and every PHI volume, exec into any pod and rewrite the audit and " +
        "admission configuration that would record it. Each standing holder is a path to all ePHI in the cluster, " +
        "so only a small, named break-glass group (used under supervision) and the cluster's own components may hold it.";

    public override string Remediation =>
        "Replace cluster-wide admin bindings for people and tools with namespaced Roles scoped to what they need. Keep " +
        "at most two break-glass groups bound to cluster-admin, list them in phiguard.yaml `clusterAdminAllowList` " +
        "(e.g. `{kind: Group, name: platform-breakglass}`), and grant membership just in time. Remove rules with " +
        "`apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]` from custom ClusterRoles.";

    public override string Remarks =>
        "Judged on the permission model: admin roles are `cluster-admin` (by name, even when the ClusterRole itself is " +
        "not in the input) and every ClusterRole whose effective rules include one whose apiGroups, resources and verbs " +
        "all contain `*` (without resourceNames). An aggregated ClusterRole with no rules of its own (as in manifests) " +
        "gets the rules of the ClusterRoles its selectors match, as the aggregation controller would give it. Enumerated system components: Group `system:masters` (the " +
        "API server's built-in superuser group, bound by every distribution) and Group `kubeadm:cluster-admins` " +
        "(kubeadm 1.29+ binds it for the admin.conf credential, a break-glass file on control-plane nodes). " +
        "Everything else, including controllers such as Argo CD or Flux, must be in `clusterAdminAllowList`. The " +
        "allow-list may name at most `clusterAdminAllowListMax` subjects (default 2, meant as break-glass groups); " +
        "every entry counts, so it cannot become a list of individuals. A ServiceAccount matches only with its " +
        "namespace. RoleBindings to cluster-admin grant admin in one namespace and belong to `rbac-no-wildcards`. " +
        "Manifest input with no ClusterRoleBinding is not-applicable; a live cluster where ClusterRoleBindings could " +
        "not be listed, or where none came back (every cluster has system bindings), is not-assessable.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var inventory = context.Inventory;
        if (inventory.GapFor(Group, "ClusterRoleBinding") is { } gap)
        {
            verdict.NotAssessable($"could not read ClusterRoleBindings: {gap.Reason}");
            return;
        }

        var bindings = inventory.OfKind(Group, "ClusterRoleBinding").ToList();
        if (bindings.Count == 0)
        {
            if (inventory.Origin == InventoryOrigin.Cluster)
            {
                verdict.NotAssessable("no ClusterRoleBinding was read from the cluster, yet every cluster has system bindings");
            }
            else
            {
                verdict.NotApplicable("no ClusterRoleBinding in the input");
            }

            return;
        }

        CheckAllowListSize(context.Config, verdict);
        if (inventory.GapFor(Group, "ClusterRole") is { } roleGap)
        {
            verdict.NotAssessable(null, $"could not read ClusterRoles ({roleGap.Reason}); only bindings to cluster-admin by name were judged");
        }

        var model = RbacFacts.Model(inventory);
        var allowed = context.Config.ClusterAdminAllowList.Concat(SystemComponents).ToList();
        var anyAdmin = false;
        foreach (var binding in model.Bindings.Where(b => b.Kind == "ClusterRoleBinding"))
        {
            if (binding.Role is not { IsClusterAdminEquivalent: true } role)
            {
                continue;
            }

            var why = role.Name == "cluster-admin" ? "cluster-admin"
                : role.AggregatedFrom.Count > 0
                    ? $"ClusterRole {role.Name} (aggregates {string.Join(", ", role.AggregatedFrom)}, which grant apiGroups, resources and verbs \"*\")"
                    : $"ClusterRole {role.Name} (apiGroups, resources and verbs \"*\")";
            anyAdmin = true;
            var failed = false;
            for (var i = 0; i < binding.Subjects.Count; i++)
            {
                if (binding.Subjects[i] is not { } rs)
                {
                    continue;
                }

                var s = new SubjectRef(rs.Kind, rs.Name, rs.Namespace);
                if (!allowed.Any(a => Matches(a, s)))
                {
                    verdict.Fail(binding.Object, $"subjects[{i}]",
                        $"ClusterRoleBinding {binding.Name} grants {why} to {Describe(s)}, which is neither in clusterAdminAllowList nor a system component");
                    failed = true;
                }
            }

            if (!failed)
            {
                verdict.Pass(binding.Object, $"ClusterRoleBinding {binding.Name} grants {why} only to allow-listed subjects and system components");
            }
        }

        if (!anyAdmin)
        {
            verdict.Pass(null, "no ClusterRoleBinding grants cluster-admin or */*/*");
        }
    }

    private static void CheckAllowListSize(PhiGuardConfig config, ClusterVerdict verdict)
    {
        var max = (int)config.Threshold(AllowListMaxThreshold, DefaultAllowListMax);
        var count = config.ClusterAdminAllowList.Count;
        if (count > max)
        {
            verdict.Fail(null, "clusterAdminAllowList", string.Create(CultureInfo.InvariantCulture,
                $"phiguard.yaml clusterAdminAllowList names {count} subjects ({string.Join(", ", config.ClusterAdminAllowList)}); at most {max} break-glass subjects may hold cluster-admin (threshold {AllowListMaxThreshold})"));
        }
    }

    private static bool Matches(SubjectRef allowed, SubjectRef actual) =>
        string.Equals(allowed.Kind, actual.Kind, StringComparison.Ordinal) &&
        string.Equals(allowed.Name, actual.Name, StringComparison.Ordinal) &&
        (actual.Kind != "ServiceAccount" || string.Equals(allowed.Namespace, actual.Namespace, StringComparison.Ordinal));

    private static string Describe(SubjectRef s) =>
        s.Kind == "ServiceAccount" ? $"ServiceAccount {s.Namespace}/{s.Name}" : $"{s.Kind} \"{s.Name}\"";
}
