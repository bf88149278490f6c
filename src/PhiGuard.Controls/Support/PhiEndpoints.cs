using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Support;

/// <summary>
/// The PHI workloads a per-workload network control judges, in a stable order; null (with the verdict already set)
/// when NetworkPolicies could not be read or no workload is in a PHI namespace.
/// </summary>
internal static class PhiEndpoints
{
    public static IReadOnlyList<PodEndpoint>? Select(ControlContext context, ClusterVerdict verdict)
    {
        if (context.Inventory.GapFor("networking.k8s.io", "NetworkPolicy") is { } gap)
        {
            verdict.NotAssessable($"could not read NetworkPolicies: {gap.Reason}");
            return null;
        }

        var pods = context.Network.Endpoints
            .Where(e => context.Scope.IsPhi(e.Namespace))
            .OrderBy(e => e.QualifiedId, StringComparer.Ordinal)
            .ToList();
        if (pods.Count == 0)
        {
            verdict.NotApplicable(context.Scope.PhiNamespaces.Count == 0 ? "no PHI namespace" : "no workload in a PHI namespace");
            return null;
        }

        return pods;
    }
}
