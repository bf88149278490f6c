using System.Globalization;
using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Availability;

/// <summary>
/// Every PHI workload a Service selects is covered by exactly one PodDisruptionBudget that allows at least one and
/// at most replicas − 1 pods to be evicted at a time (not <c>minAvailable</c> equal to the replicas, not
/// <c>maxUnavailable: 0</c>).
/// </summary>
internal sealed class PhiDisruptionBudget : ClusterControl
{
    public override string Id => "phi-disruption-budget";

    public override string Title => "PHI services have a PodDisruptionBudget that keeps them up during drains";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-044", "hipaa-047"];

    public override IReadOnlyList<string> Requirements => ["S40"];

    public override IReadOnlyList<string> Kinds =>
        ["Service", "PodDisruptionBudget", "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod", "HorizontalPodAutoscaler"];

    public override string Rationale =>
        "Node upgrades and autoscaler scale-downs evict pods; without a PodDisruptionBudget they may evict every " +
        "replica of a PHI service at once. A budget that allows no eviction at all is as bad in the other direction: " +
        "drains hang, patching stalls, and operators end up deleting pods by force.";

    public override string Remediation =>
        "Create one PodDisruptionBudget per PHI service whose `selector` matches the pods, with `maxUnavailable: 1` " +
        "(or `minAvailable` of at most replicas − 1), and run at least two replicas so the budget can allow an eviction.";

    public override string Remarks =>
        "The replica count is `spec.replicas` (default 1) or a targeting HPA's `minReplicas`. Percentages round up " +
        "as the disruption controller rounds them. A budget passes when it allows between 1 and replicas − 1 " +
        "evictions; with one replica no budget can, so the workload fails here as well as in phi-replicas-redundant. " +
        "Two budgets selecting the same pods fail, because the eviction API refuses to evict such pods. Severity " +
        "medium: a missing budget risks an outage during planned maintenance only, a narrower window than a single replica.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        var served = ServedWorkload.Select(context, verdict);
        if (served is null)
        {
            return;
        }

        var pdbs = context.Inventory.OfKind("policy", "PodDisruptionBudget").ToLookup(p => p.Namespace, StringComparer.Ordinal);
        foreach (var s in served)
        {
            var matching = pdbs[s.Object.Namespace].Where(p => p.Json.GetPath("spec.selector") is { ValueKind: JsonValueKind.Object } sel &&
                                           LabelSelector.Parse(sel).Matches(s.PodLabels))
                .ToList();
            if (matching.Count == 0)
            {
                verdict.Fail(s.Object, string.Empty, $"no PodDisruptionBudget selects the pods of {s.Name} (behind Service {s.ServiceNames})");
                continue;
            }

            if (matching.Count > 1)
            {
                verdict.Fail(s.Object, string.Empty, $"{matching.Count} PodDisruptionBudgets ({string.Join(", ", matching.Select(p => p.Name))}) select the pods of {s.Name}; the eviction API refuses to evict pods with more than one");
                continue;
            }

            Judge(s, matching[0], verdict);
        }
    }

    private static void Judge(ServedWorkload s, KubeObject pdb, ClusterVerdict verdict)
    {
        var spec = pdb.Json.GetObject("spec");
        var r = s.Replicas;
        int allowed;
        string path;
        if (spec?.TryGetProperty("maxUnavailable", out var maxU) == true)
        {
            path = "spec.maxUnavailable";
            if (Count(maxU, r) is not { } m)
            {
                verdict.Fail(pdb, path, $"PodDisruptionBudget {pdb.Name} has a maxUnavailable that is neither a number nor a percentage");
                return;
            }

            allowed = Math.Min(m, r);
        }
        else if (spec?.TryGetProperty("minAvailable", out var minA) == true)
        {
            path = "spec.minAvailable";
            if (Count(minA, r) is not { } m)
            {
                verdict.Fail(pdb, path, $"PodDisruptionBudget {pdb.Name} has a minAvailable that is neither a number nor a percentage");
                return;
            }

            allowed = Math.Max(r - m, 0);
        }
        else
        {
            verdict.Fail(pdb, "spec", $"PodDisruptionBudget {pdb.Name} sets neither minAvailable nor maxUnavailable");
            return;
        }

        if (allowed < 1)
        {
            verdict.Fail(pdb, path, $"PodDisruptionBudget {pdb.Name} allows no eviction of {s.Name}'s {r} replica(s): node drains block");
        }
        else if (allowed > r - 1)
        {
            verdict.Fail(pdb, path, $"PodDisruptionBudget {pdb.Name} lets all {r} replica(s) of {s.Name} be evicted at once");
        }
        else
        {
            verdict.Pass(pdb, $"PodDisruptionBudget {pdb.Name} allows {allowed} of {r} replicas of {s.Name} to be evicted at a time");
        }
    }

    /// <summary>An IntOrString budget as a pod count of <paramref name="replicas"/>; percentages round up.</summary>
    private static int? Count(JsonElement value, int replicas)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            return n;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
        {
            if (text.EndsWith('%') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pct))
            {
                return (int)Math.Ceiling(pct * replicas / 100.0);
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
            {
                return plain;
            }
        }

        return null;
    }
}
