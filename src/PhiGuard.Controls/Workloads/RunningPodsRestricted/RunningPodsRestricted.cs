using PhiGuard.Core.Analysis.PodSecurity;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Workloads;

/// <summary>
/// Every pod (and pod template) in a PHI namespace satisfies the Pod Security Standard <c>restricted</c> at the
/// latest policy version, which includes baseline: the pods that would be refused if the namespace enforced it.
/// </summary>
internal sealed partial class RunningPodsRestricted : WorkloadControl
{
    public override string Id => "running-pods-restricted";

    public override string Title => "Pods in PHI namespaces satisfy Pod Security restricted";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S7", "S8", "S29"];

    public override string Rationale =>
        "The namespace label only stops new pods: pods admitted before the label, through an exemption or while " +
        "the namespace enforced less still run as root, with host namespaces, added capabilities or no seccomp " +
        "profile beside PHI. Each such pod is a step from one compromised container to the node and every PHI " +
        "volume on it.";

    public override string Remediation =>
        "Fix each violation named (the upstream Pod Security check id is given): set `runAsNonRoot: true`, " +
        "`allowPrivilegeEscalation: false`, `capabilities.drop: [ALL]` (add at most NET_BIND_SERVICE), " +
        "`seccompProfile.type: RuntimeDefault`, and use only configMap, secret, projected, downwardAPI, emptyDir, " +
        "persistentVolumeClaim, csi or ephemeral volumes; never privileged, host namespaces, hostPath or hostPort. " +
        "`phiguard scan --fix-patch DIR` writes patches for the securityContext fields. Then confirm with " +
        "`phiguard pss evaluate --level restricted --version latest FILES`.";

    public override string Remarks =>
        "Evaluated with PhiGuard's Pod Security evaluator, which agrees with upstream Pod Security Admission on all " +
        "of its test fixtures, at `restricted` and `latest` whatever the namespace enforces: the control answers " +
        "\"which workloads would be refused if this PHI namespace were raised to restricted\". In manifest scans the " +
        "pod templates of Deployments, StatefulSets, Jobs and the like are judged, since they are what will run; in a " +
        "live scan a Pod owned by a judged controller is judged once, on its owner.";

    public override void Check(Workload workload, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(verdict);
        var result = PodSecurityEvaluator.Evaluate(workload, PodSecurityLevel.Restricted, PodSecurityVersion.Latest);
        foreach (var v in result.Violations)
        {
            verdict.Fail(v.Paths.Count > 0 ? v.Paths[0] : workload.PodSpecPath,
                $"{v.Check} ({v.Reason}): {v.Detail}");
        }

        verdict.Pass("allowed by Pod Security restricted (latest)");
    }
}
