using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// A workload mounts a service-account token only when its service account has a RoleBinding or ClusterRoleBinding:
/// otherwise <c>automountServiceAccountToken: false</c> on the pod or its service account.
/// </summary>
internal sealed partial class SaTokenAutomountMinimal : ClusterControl
{
    public override string Id => "sa-token-automount-minimal";

    public override string Title => "Service-account tokens are mounted only where the account has RBAC grants";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S14", "S28"];

    public override IReadOnlyList<string> Kinds =>
        ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "ServiceAccount", "RoleBinding", "ClusterRoleBinding"];

    public override string Rationale =>
        "A mounted token is a credential to the API server in every container's filesystem; a compromised PHI workload " +
        "hands it to the attacker. A workload whose account has no RBAC grant has no use for it.";

    public override string Remediation =>
        "Set `automountServiceAccountToken: false` on the ServiceAccount (or the pod template) of workloads that do not " +
        "call the Kubernetes API; keep it only for accounts that a RoleBinding or ClusterRoleBinding names.";

    public override string Remarks =>
        "The effective setting is the pod spec's `automountServiceAccountToken`, else the ServiceAccount's, else true (as " +
        "the kubelet decides). An account \"has a binding\" when a RoleBinding or ClusterRoleBinding names it as a subject " +
        "(a RoleBinding's subject without a namespace is in the binding's namespace); grants to the groups " +
        "system:serviceaccounts[:ns] do not count, since they apply to every account and would excuse every token. " +
        "Applies to workloads outside the configured system namespaces; a ServiceAccount not in the input is taken as " +
        "not disabling the mount.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var workloads = context.Workloads.Where(w => !context.Scope.IsSystem(w.Object.Namespace)).OrderBy(w => w.Object.Ref).ToList();
        if (workloads.Count == 0)
        {
            verdict.NotApplicable("no workload outside the system namespaces");
            return;
        }

        if (context.Inventory.GapFor(PermissionModel.RbacGroup, "RoleBinding") is { } gap)
        {
            verdict.NotAssessable($"could not read RoleBindings: {gap.Reason}");
            return;
        }

        var bound = RbacFacts.Model(context.Inventory).Bindings
            .SelectMany(b => b.Subjects)
            .Where(s => s is { Kind: RbacSubject.ServiceAccount })
            .Select(s => (s!.Namespace, s.Name))
            .ToHashSet();
        foreach (var w in workloads)
        {
            var ns = w.Object.Namespace ?? "default";
            var account = w.PodSpec.GetString("serviceAccountName") is { Length: > 0 } n ? n
                : w.PodSpec.GetString("serviceAccount") is { Length: > 0 } legacy ? legacy : "default";
            var sa = context.Inventory.Find("ServiceAccount", ns, account) ?? (w.Object.Namespace is null ? context.Inventory.Find("ServiceAccount", null, account) : null);
            var podSetting = w.PodSpec.GetBool("automountServiceAccountToken");
            var saSetting = sa?.Json.GetBool("automountServiceAccountToken");
            var mounts = podSetting ?? saSetting ?? true;
            if (!mounts)
            {
                verdict.Pass(w.Object, $"{w.Object.Kind} {w.Object.Name} does not mount a service-account token");
                continue;
            }

            if (bound.Contains((ns, account)))
            {
                verdict.Pass(w.Object, $"{w.Object.Kind} {w.Object.Name} mounts the token of {ns}/{account}, which a binding grants permissions");
                continue;
            }

            var why = podSetting == true ? "the pod template sets automountServiceAccountToken: true"
                : saSetting == true ? $"ServiceAccount {ns}/{account} sets automountServiceAccountToken: true"
                : "neither the pod template nor the ServiceAccount sets automountServiceAccountToken: false";
            verdict.Fail(w.Object, $"{w.PodSpecPath}.automountServiceAccountToken",
                $"{w.Object.Kind} {w.Object.Name} mounts a token for service account {ns}/{account}, which no RoleBinding or ClusterRoleBinding names ({why})");
        }
    }
}
