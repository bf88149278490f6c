using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Availability;

/// <summary>
/// Every PHI workload a Service selects runs more than one replica (an HPA targeting it counts with its
/// minReplicas). Severity high: a single replica is an outage of the PHI service on every node drain or failure,
/// not a defence-in-depth gap.
/// </summary>
internal sealed class PhiReplicasRedundant : ClusterControl
{
    public override string Id => "phi-replicas-redundant";

    public override string Title => "PHI services run more than one replica";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-044", "hipaa-047"];

    public override IReadOnlyList<string> Requirements => ["S40"];

    public override IReadOnlyList<string> Kinds =>
        ["Service", "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod", "HorizontalPodAutoscaler"];

    public override string Rationale =>
        "A PHI service with one replica is unavailable whenever its pod restarts, its node is drained for patching or " +
        "fails: clinicians lose access to ePHI during routine maintenance. The contingency plan's emergency-mode " +
        "operation needs the service to survive the loss of one pod.";

    public override string Remediation =>
        "Set `spec.replicas: 2` or more (3 for quorum-based stores) on the Deployment or StatefulSet behind each PHI " +
        "Service, or give its HorizontalPodAutoscaler `minReplicas: 2` or more; replace bare Pods with a Deployment.";

    public override string Remarks =>
        "Judges Deployments, StatefulSets, ReplicaSets, ReplicationControllers, bare Pods and other replica-bearing " +
        "kinds in PHI namespaces whose pod labels a Service's selector matches; DaemonSets (one pod per node by " +
        "construction) and Jobs are left out. An absent `spec.replicas` means 1, as the API server defaults it. When " +
        "a HorizontalPodAutoscaler targets the workload its `minReplicas` (default 1) decides, since the HPA overrides " +
        "`spec.replicas`. Severity high rather than the medium of the other availability controls: one replica is a " +
        "certain outage on every node drain, not a gap in depth.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        var served = ServedWorkload.Select(context, verdict);
        if (served is null)
        {
            return;
        }

        foreach (var s in served)
        {
            if (s.Replicas > 1)
            {
                verdict.Pass(s.Object, $"{s.Name} runs {s.Replicas} replicas{(s.Autoscaler is null ? string.Empty : $" (HPA {s.Autoscaler.Name} minReplicas)")} behind Service {s.ServiceNames}");
            }
            else if (s.Autoscaler is { } hpa)
            {
                verdict.Fail(hpa, "spec.minReplicas", $"HPA {hpa.Namespace}/{hpa.Name} lets {s.Name} (behind Service {s.ServiceNames}) scale down to {s.Replicas} replica");
            }
            else if (s.Object.Kind == "Pod")
            {
                verdict.Fail(s.Object, string.Empty, $"{s.Name} is a bare Pod behind Service {s.ServiceNames}: a single replica that nothing replaces");
            }
            else
            {
                verdict.Fail(s.Object, "spec.replicas", $"{s.Name} runs {s.Replicas} replica behind Service {s.ServiceNames}; losing one pod takes the PHI service down");
            }
        }
    }
}
