using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// One workload judged twice: at the policy it is evaluated at (given, or its namespace's effective enforce policy)
/// and at restricted/latest, the dry run of raising its namespace to restricted.
/// </summary>
public sealed record WorkloadPodSecurity(Workload Workload, NamespacePolicy Policy, PodSecurityResult Result, PodSecurityResult Restricted)
{
    /// <summary>
    /// Judges every workload of an inventory (owned Pods once, on their controller) at <paramref name="level"/> and
    /// <paramref name="version"/>, or, when <paramref name="level"/> is null, at each namespace's enforce labels.
    /// </summary>
    public static IReadOnlyList<WorkloadPodSecurity> Evaluate(
        Inventory.Inventory inventory,
        PodSecurityLevel? level = null,
        PodSecurityVersion? version = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var result = new List<WorkloadPodSecurity>();
        foreach (var w in WorkloadView.Build(inventory))
        {
            var policy = level is { } l
                ? new NamespacePolicy(l, version ?? PodSecurityVersion.Latest, [])
                : NamespacePolicy.Of(w.Object.Namespace is { } ns && inventory.NamespaceObjects.TryGetValue(ns, out var nsObj) ? nsObj : null);
            var at = PodSecurityEvaluator.Evaluate(w, policy.Level, policy.Version);
            var restricted = PodSecurityEvaluator.Evaluate(w, PodSecurityLevel.Restricted, PodSecurityVersion.Latest);
            result.Add(new WorkloadPodSecurity(w, policy, at, restricted));
        }

        return result;
    }
}
