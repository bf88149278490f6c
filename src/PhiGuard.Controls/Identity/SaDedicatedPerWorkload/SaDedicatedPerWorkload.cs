using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// Every Deployment, StatefulSet, DaemonSet, Job and CronJob in a PHI namespace runs as its own service account: not
/// <c>default</c>, and not one shared with another workload (unless listed in <c>rbac.sharedServiceAccounts</c>).
/// </summary>
internal sealed class SaDedicatedPerWorkload : ClusterControl
{
    private static readonly HashSet<string> WorkloadKinds = new(StringComparer.Ordinal)
    {
        "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
    };

    public override string Id => "sa-dedicated-per-workload";

    public override string Title => "Each PHI workload has its own service account";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(i)", "164.308(a)(4)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-082", "hipaa-021"];

    public override IReadOnlyList<string> Requirements => ["S28"];

    public override IReadOnlyList<string> Kinds => ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "A service account is a workload's identity: shared, it gives every workload the permissions any one of them needs, " +
        "and the audit log can no longer say which workload read the ePHI. The default account is shared by construction.";

    public override string Remediation =>
        "Create one ServiceAccount per workload and set `serviceAccountName` in its pod template; grant each only what it " +
        "needs. List deliberate exceptions in phiguard.yaml `rbac.sharedServiceAccounts` as `namespace/name`.";

    public override string Remarks =>
        "A pod template without `serviceAccountName` (or the deprecated `serviceAccount`) runs as `default`. Jobs created " +
        "by a CronJob in the input are judged on the CronJob. Pods and ReplicaSets are not counted (their controllers are). " +
        "A shared account fails on every workload that uses it, each message naming the others.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var workloads = context.Workloads
            .Where(w => WorkloadKinds.Contains(w.Object.Kind) && context.Scope.IsPhi(w.Object.Namespace))
            .OrderBy(w => w.Object.Ref)
            .ToList();
        if (workloads.Count == 0)
        {
            verdict.NotApplicable("no Deployment, StatefulSet, DaemonSet, Job or CronJob in a PHI namespace");
            return;
        }

        var accounts = workloads.Select(w => (Workload: w, Account: AccountOf(w))).ToList();
        var users = accounts.GroupBy(a => (a.Workload.Object.Namespace, a.Account.Name))
            .ToDictionary(g => g.Key, g => g.Select(a => a.Workload).ToList());
        var exceptions = context.Config.Rbac.SharedServiceAccounts.ToHashSet(StringComparer.Ordinal);
        foreach (var (w, (name, path)) in accounts)
        {
            var ns = w.Object.Namespace;
            if (name == "default")
            {
                verdict.Fail(w.Object, path, $"{w.Object.Kind} {w.Object.Name} runs as the namespace's default service account; give it its own");
                continue;
            }

            var sharing = users[(ns, name)].Where(o => o != w).ToList();
            if (sharing.Count > 0 && !exceptions.Contains($"{ns}/{name}"))
            {
                verdict.Fail(w.Object, path,
                    $"{w.Object.Kind} {w.Object.Name} shares service account {ns}/{name} with {string.Join(", ", sharing.Select(o => $"{o.Object.Kind} {o.Object.Name}"))}; not listed in rbac.sharedServiceAccounts");
                continue;
            }

            verdict.Pass(w.Object, $"{w.Object.Kind} {w.Object.Name} runs as its own service account {ns}/{name}");
        }
    }

    private static (string Name, string Path) AccountOf(Workload w)
    {
        if (w.PodSpec.GetString("serviceAccountName") is { Length: > 0 } name)
        {
            return (name, $"{w.PodSpecPath}.serviceAccountName");
        }

        return w.PodSpec.GetString("serviceAccount") is { Length: > 0 } legacy
            ? (legacy, $"{w.PodSpecPath}.serviceAccount")
            : ("default", $"{w.PodSpecPath}.serviceAccountName");
    }
}
