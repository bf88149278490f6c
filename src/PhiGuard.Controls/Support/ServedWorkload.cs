using System.Text.Json;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A long-running PHI workload that a Service selects (its pods serve traffic), with the pod labels, the Services
/// that select it and the replica count it runs with (an HPA's minReplicas replaces spec.replicas).
/// </summary>
internal sealed record ServedWorkload(
    Workload Workload,
    IReadOnlyDictionary<string, string> PodLabels,
    IReadOnlyList<KubeObject> Services,
    int Replicas,
    KubeObject? Autoscaler)
{
    // Kinds whose pods are one-off runs (Jobs) or one per node by construction (DaemonSets): replica count,
    // disruption budgets and spreading are not theirs to decide.
    private static readonly string[] NotReplicated = ["DaemonSet", "Job", "CronJob"];

    public KubeObject Object => Workload.Object;

    /// <summary>"Deployment ehr-prod/records-api", for messages.</summary>
    public string Name => $"{Object.Kind} {Object.Namespace}/{Object.Name}";

    public string ServiceNames => string.Join(", ", Services.Select(s => s.Name));

    /// <summary>
    /// The served PHI workloads of the inventory, ordered by object; null (with the verdict already not applicable)
    /// when there are none. DaemonSets, Jobs and CronJobs are left out unless <paramref name="includeDaemonSets"/>
    /// asks for DaemonSets.
    /// </summary>
    public static IReadOnlyList<ServedWorkload>? Select(ControlContext context, ClusterVerdict verdict, bool includeDaemonSets = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespaces");
            return null;
        }

        var services = context.Inventory.OfKind("", "Service")
            .Where(s => context.Scope.IsPhi(s.Namespace))
            .Select(s => (Service: s, Selector: s.Json.GetPath("spec.selector")))
            .Where(s => s.Selector is { ValueKind: JsonValueKind.Object } sel && sel.EnumerateObject().Any())
            .Select(s => (s.Service, Selector: LabelSelector.FromLabels(StringMap.Read(s.Selector))))
            .ToLookup(s => s.Service.Namespace, StringComparer.Ordinal);
        var hpas = context.Inventory.OfKind("HorizontalPodAutoscaler").Where(h => context.Scope.IsPhi(h.Namespace)).ToLookup(h => h.Namespace, StringComparer.Ordinal);
        var result = new List<ServedWorkload>();
        foreach (var w in context.Workloads)
        {
            if (!context.Scope.IsPhi(w.Object.Namespace) ||
                (NotReplicated.Contains(w.Object.Kind, StringComparer.Ordinal) && !(includeDaemonSets && w.Object.Kind == "DaemonSet")))
            {
                continue;
            }

            var labels = StringMap.Read(w.PodMetadata?.GetObject("labels"));
            var selecting = services[w.Object.Namespace]
                .Where(s => s.Selector.Matches(labels))
                .Select(s => s.Service)
                .ToList();
            if (selecting.Count == 0)
            {
                continue;
            }

            var hpa = hpas[w.Object.Namespace].FirstOrDefault(h => h.Json.GetPath("spec.scaleTargetRef")?.GetString("kind") == w.Object.Kind &&
                                               h.Json.GetPath("spec.scaleTargetRef")?.GetString("name") == w.Object.Name);
            result.Add(new ServedWorkload(w, labels, selecting, ReplicasOf(w.Object, hpa), hpa));
        }

        if (result.Count == 0)
        {
            verdict.NotApplicable("no workload in a PHI namespace is selected by a Service");
            return null;
        }

        return result.OrderBy(s => s.Object.Ref).ToList();
    }

    private static int ReplicasOf(KubeObject obj, KubeObject? hpa)
    {
        if (hpa is not null)
        {
            // The HPA owns the replica count once it targets the workload; minReplicas defaults to 1.
            return hpa.Json.GetPath("spec.minReplicas") is { ValueKind: JsonValueKind.Number } min && min.TryGetInt32(out var m) ? m : 1;
        }

        if (obj.Kind == "Pod")
        {
            return 1;
        }

        // spec.replicas defaults to 1 for every replicated kind.
        return obj.Json.GetPath("spec.replicas") is { ValueKind: JsonValueKind.Number } r && r.TryGetInt32(out var n) ? n : 1;
    }
}
