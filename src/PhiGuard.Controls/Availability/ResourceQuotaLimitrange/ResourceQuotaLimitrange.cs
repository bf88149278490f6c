using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Availability;

/// <summary>
/// Each PHI namespace has a ResourceQuota bounding cpu and memory requests, memory limits and pods, and a
/// LimitRange with container defaults; every container of a PHI workload has a memory limit.
/// </summary>
internal sealed partial class ResourceQuotaLimitrange : ClusterControl
{
    private static readonly (string Label, string[] Keys)[] QuotaKeys =
    [
        ("cpu requests", ["requests.cpu", "cpu"]),
        ("memory requests", ["requests.memory", "memory"]),
        ("memory limits", ["limits.memory"]),
        ("pods", ["pods", "count/pods"]),
    ];

    public override string Id => "resource-quota-limitrange";

    public override string Title => "PHI namespaces have a ResourceQuota and LimitRange; containers have memory limits";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(i)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-044"];

    public override IReadOnlyList<string> Requirements => ["S9"];

    public override IReadOnlyList<string> Kinds => ["Namespace", "ResourceQuota", "LimitRange", "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "Availability of ePHI is a HIPAA requirement: one runaway or compromised workload without limits can starve " +
        "the node and take the PHI services beside it down. Quotas bound what a namespace can take; limits keep one " +
        "container from exhausting node memory.";

    public override string Remediation =>
        "In each PHI namespace create a ResourceQuota with `hard` entries for `requests.cpu`, `requests.memory`, " +
        "`limits.memory` and `pods`, and a LimitRange with a `type: Container` item giving `default` (limits) and " +
        "`defaultRequest`; set `resources.limits.memory` on every container.";

    public override string Remarks =>
        "A container without its own memory limit passes when its namespace's LimitRange gives a default memory " +
        "limit, because the API server applies that default at admission. Quota keys may be written with or without " +
        "the `requests.` prefix (`cpu` means `requests.cpu`), and `count/pods` counts as `pods`; several quotas in a " +
        "namespace are taken together. CONTROLS.md also cites 164.306(a)(1) (the general availability requirement); " +
        "PhiGuard's catalog lists implementation standards only, so the control is mapped to 164.308(a)(7)(i).";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespaces");
            return;
        }

        foreach (var ns in context.Scope.PhiNamespaces)
        {
            var nsObj = context.Inventory.NamespaceObjects.GetValueOrDefault(ns);
            var quotas = context.Inventory.OfKind("ResourceQuota").Where(q => q.Namespace == ns).ToList();
            var hard = quotas.SelectMany(q => q.Json.GetPath("spec.hard")?.EnumerateObject() ?? default).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (quotas.Count == 0)
            {
                verdict.Fail(nsObj, string.Empty, $"PHI namespace {ns} has no ResourceQuota");
            }
            else
            {
                var missing = QuotaKeys.Where(k => !k.Keys.Any(hard.Contains)).Select(k => k.Label).ToList();
                if (missing.Count > 0)
                {
                    verdict.Fail(quotas[0], "spec.hard", $"ResourceQuota in PHI namespace {ns} does not bound {string.Join(", ", missing)}");
                }
                else
                {
                    verdict.Pass(quotas[0], $"ResourceQuota bounds cpu/memory requests, memory limits and pods in {ns}");
                }
            }

            var containerItems = context.Inventory.OfKind("LimitRange").Where(l => l.Namespace == ns)
                .SelectMany(l => l.Json.GetPath("spec.limits")?.EnumerateArray() ?? default)
                .Where(i => i.GetString("type") == "Container")
                .ToList();
            var defaultMemoryLimit = containerItems.Any(i => i.GetObject("default")?.GetString("memory") is not null);
            if (containerItems.Count == 0 || !containerItems.Any(i => i.GetObject("default") is not null || i.GetObject("defaultRequest") is not null))
            {
                verdict.Fail(nsObj, string.Empty, $"PHI namespace {ns} has no LimitRange with container defaults (type: Container, default/defaultRequest)");
            }

            foreach (var w in context.Workloads.Where(w => w.Object.Namespace == ns))
            {
                foreach (var c in w.Containers.Where(c => c.Type != ContainerType.Ephemeral))
                {
                    if (c.Json.GetPath("resources.limits")?.GetString("memory") is null && !defaultMemoryLimit)
                    {
                        verdict.Fail(w.Object, $"{c.Path}.resources.limits.memory",
                            $"container \"{c.Name}\" has no memory limit and the namespace's LimitRange gives no default");
                    }
                }
            }
        }
    }
}
