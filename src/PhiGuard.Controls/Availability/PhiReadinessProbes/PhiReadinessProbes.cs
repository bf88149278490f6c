using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Availability;

/// <summary>
/// Every container of a Service-selected PHI workload that declares a port has a readinessProbe, so the Service
/// sends PHI traffic only to pods that can serve it.
/// </summary>
internal sealed class PhiReadinessProbes : ClusterControl
{
    public override string Id => "phi-readiness-probes";

    public override string Title => "Containers serving PHI traffic have readiness probes";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-044", "hipaa-047"];

    public override IReadOnlyList<string> Requirements => ["S40"];

    public override IReadOnlyList<string> Kinds =>
        ["Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"];

    public override string Rationale =>
        "Without a readiness probe a pod receives traffic as soon as its process starts and keeps receiving it while " +
        "it is overloaded or has lost its database: requests for ePHI fail instead of going to a healthy replica, " +
        "and rolling updates take capacity away before the new pods can serve.";

    public override string Remediation =>
        "Give every container that declares `ports` a `readinessProbe` (httpGet on a health endpoint that checks the " +
        "container's own dependencies, or tcpSocket/grpc), with a `periodSeconds` and `failureThreshold` that take " +
        "a broken pod out of the Service within seconds.";

    public override string Remarks =>
        "A container \"serves a port\" when it declares `ports`; regular containers and restartable (sidecar) init " +
        "containers are judged. DaemonSets selected by a Service are judged too, since they serve traffic like any " +
        "other pod. Medium: the service stays up, but requests reach pods that cannot answer them.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        var served = ServedWorkload.Select(context, verdict, includeDaemonSets: true);
        if (served is null)
        {
            return;
        }

        foreach (var s in served)
        {
            var serving = s.Workload.Containers.Where(Serves).ToList();
            var missing = serving.Where(c => c.Json.GetObject("readinessProbe") is null).ToList();
            foreach (var c in missing)
            {
                verdict.Fail(s.Object, $"{c.Path}.readinessProbe", $"container \"{c.Name}\" of {s.Name} serves a port behind Service {s.ServiceNames} but has no readinessProbe");
            }

            if (missing.Count == 0)
            {
                verdict.Pass(s.Object, serving.Count == 0
                    ? $"{s.Name} declares no container ports; nothing to probe"
                    : $"all {serving.Count} serving container(s) of {s.Name} have a readinessProbe");
            }
        }
    }

    private static bool Serves(Container c) =>
        c.Json.GetArray("ports").Any() &&
        (c.Type == ContainerType.Regular || (c.Type == ContainerType.Init && c.Json.GetString("restartPolicy") == "Always"));
}
