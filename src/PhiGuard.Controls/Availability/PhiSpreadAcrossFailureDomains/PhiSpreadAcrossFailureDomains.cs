using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Availability;

/// <summary>
/// Every Service-selected PHI workload spreads its pods across zones or nodes: a topologySpreadConstraint or a pod
/// anti-affinity term on <c>topology.kubernetes.io/zone</c> or <c>kubernetes.io/hostname</c> whose selector
/// matches the workload's own pods.
/// </summary>
internal sealed class PhiSpreadAcrossFailureDomains : ClusterControl
{
    private static readonly string[] FailureDomainKeys =
        ["topology.kubernetes.io/zone", "kubernetes.io/hostname", "failure-domain.beta.kubernetes.io/zone"];

    public override string Id => "phi-spread-across-failure-domains";

    public override string Title => "PHI services spread their replicas across zones or nodes";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-044", "hipaa-045"];

    public override IReadOnlyList<string> Requirements => ["S40"];

    public override IReadOnlyList<string> Kinds =>
        ["Service", "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod"];

    public override string Rationale =>
        "Replicas that the scheduler packs onto one node or into one zone fail together: a single node or zone outage " +
        "then takes the whole PHI service down, and the redundancy the replica count promises is not there.";

    public override string Remediation =>
        "Add a `topologySpreadConstraints` entry with `topologyKey: topology.kubernetes.io/zone` (and/or " +
        "`kubernetes.io/hostname`), `maxSkew: 1` and a `labelSelector` matching the pod's own labels, or a " +
        "`podAntiAffinity` term on those topology keys selecting the pod's own labels.";

    public override string Remarks =>
        "Soft rules (`whenUnsatisfiable: ScheduleAnyway`, preferred anti-affinity) count: they spread whenever the " +
        "cluster has room, and a hard rule can leave a PHI service unschedulable in a degraded cluster. A constraint " +
        "or term counts only when its label selector matches the workload's own pod labels (one that selects other " +
        "pods spreads nothing of this service); a constraint with no labelSelector counts for nothing, as the " +
        "scheduler then matches no pods. `failure-domain.beta.kubernetes.io/zone` (deprecated) is accepted as a zone key.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        var served = ServedWorkload.Select(context, verdict);
        if (served is null)
        {
            return;
        }

        foreach (var s in served)
        {
            var spec = s.Workload.PodSpec;
            var how = Spreads(spec, s.PodLabels);
            if (how is not null)
            {
                verdict.Pass(s.Object, $"{s.Name} spreads its pods by {how}");
                continue;
            }

            var hasSome = spec.GetArray("topologySpreadConstraints").Any() || spec.GetPath("affinity.podAntiAffinity") is not null;
            verdict.Fail(
                s.Object,
                $"{s.Workload.PodSpecPath}.topologySpreadConstraints",
                hasSome
                    ? $"{s.Name} has spreading rules, but none on a zone or hostname key that selects its own pods"
                    : $"{s.Name} (behind Service {s.ServiceNames}) has no topologySpreadConstraints or pod anti-affinity on zone or hostname");
        }
    }

    private static string? Spreads(JsonElement spec, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var t in spec.GetArray("topologySpreadConstraints"))
        {
            if (t.GetString("topologyKey") is { } key && FailureDomainKeys.Contains(key, StringComparer.Ordinal) &&
                SelectsOwn(t.GetObject("labelSelector"), labels))
            {
                return $"topologySpreadConstraints on {key}";
            }
        }

        var anti = spec.GetPath("affinity.podAntiAffinity");
        if (anti is not { ValueKind: JsonValueKind.Object } a)
        {
            return null;
        }

        var terms = a.GetArray("requiredDuringSchedulingIgnoredDuringExecution")
            .Concat(a.GetArray("preferredDuringSchedulingIgnoredDuringExecution").Select(p => p.GetObject("podAffinityTerm") ?? default));
        foreach (var term in terms)
        {
            if (term.ValueKind == JsonValueKind.Object && term.GetString("topologyKey") is { } key &&
                FailureDomainKeys.Contains(key, StringComparer.Ordinal) && SelectsOwn(term.GetObject("labelSelector"), labels))
            {
                return $"pod anti-affinity on {key}";
            }
        }

        return null;
    }

    private static bool SelectsOwn(JsonElement? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is { ValueKind: JsonValueKind.Object } s && LabelSelector.Parse(s).Matches(labels);
}
