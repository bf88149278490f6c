using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Workloads;

/// <summary>
/// A runtime threat-detection sensor (Falco, Tetragon or a vendor sensor) runs as a DaemonSet that is ready on
/// every node it is scheduled to, when the cluster holds PHI.
/// </summary>
internal sealed class RuntimeDetectionDeployed : ClusterControl
{
    // Image repository names of known runtime sensors (the last path segment of the image, without tag).
    private static readonly string[] SensorImages =
    [
        "falco", "falco-no-driver", "falco-distroless", "tetragon", "cilium-tetragon", "sysdig-agent", "agent-slim",
        "falcon-sensor", "tracee", "kubearmor", "neuvector-enforcer", "enforcer", "defender",
    ];

    public override string Id => "runtime-detection-deployed";

    public override string Title => "A runtime threat-detection sensor runs on every node";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(5)(ii)(B)", "164.308(a)(6)(ii)", "164.308(a)(1)(ii)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-029", "hipaa-038", "hipaa-009"];

    public override IReadOnlyList<string> Requirements => ["S34"];

    public override IReadOnlyList<string> Kinds => ["DaemonSet"];

    public override string Rationale =>
        "Shells spawned in containers, privilege escalation and reads of sensitive files are how an intrusion into a " +
        "PHI workload shows itself; without a runtime sensor on the node nobody sees them, and security incidents " +
        "cannot be identified and responded to (164.308(a)(6)(ii)).";

    public override string Remediation =>
        "Deploy Falco (helm chart falcosecurity/falco), Tetragon or your vendor's sensor as a DaemonSet tolerating " +
        "every node taint, keep its default rules (shell in container, privilege escalation, sensitive file reads) " +
        "enabled, and forward its alerts (falcosidekick or the vendor backend).";

    public override string Remarks =>
        "A sensor is recognised by its container image (falco, tetragon, sysdig agent, CrowdStrike falcon-sensor, " +
        "tracee, KubeArmor, NeuVector enforcer, Prisma defender). It must report `numberReady == " +
        "desiredNumberScheduled` (> 0); the DaemonSet status is compared as a whole, since which nodes run PHI pods " +
        "is not in the inventory. Manifests carry no status, so a sensor found only in manifests is not assessable for " +
        "readiness. Whether its rules are enabled and forwarded is not judged (rule files are not in the inventory).";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespaces");
            return;
        }

        var sensors = context.Inventory.OfKind("apps", "DaemonSet").Where(IsSensor).ToList();
        if (sensors.Count == 0)
        {
            verdict.Fail(null, string.Empty, "no runtime detection DaemonSet (Falco, Tetragon or a vendor sensor) is deployed");
            return;
        }

        foreach (var ds in sensors)
        {
            var status = ds.Json.GetObject("status");
            var desired = status?.GetPath("desiredNumberScheduled")?.TryGetInt32(out var d) == true ? d : (int?)null;
            var ready = status?.GetPath("numberReady")?.TryGetInt32(out var r) == true ? r : (int?)null;
            if (desired is null)
            {
                verdict.NotAssessable(ds, $"sensor DaemonSet {ds.Namespace}/{ds.Name} has no status (manifest input); readiness on nodes cannot be seen");
            }
            else if (desired == 0 || ready != desired)
            {
                verdict.Fail(ds, "status.numberReady", $"sensor DaemonSet {ds.Namespace}/{ds.Name} is ready on {ready ?? 0} of {desired} scheduled nodes");
            }
            else
            {
                verdict.Pass(ds, $"sensor DaemonSet {ds.Namespace}/{ds.Name} is ready on all {desired} scheduled nodes");
            }
        }
    }

    private static bool IsSensor(KubeObject ds)
    {
        var workload = WorkloadView.TryGetWorkload(ds);
        return workload is not null && workload.Containers.Any(c => c.Json.GetString("image") is { } image && SensorImages.Contains(Repository(image), StringComparer.Ordinal));
    }

    private static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var last = name[(name.LastIndexOf('/') + 1)..];
        var colon = last.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? last[..colon] : last;
    }
}
