using System.Text.Json;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// The shared judgement of the two default-deny controls: a PHI namespace passes when one policy, as the
/// reachability engine reads it, isolates every pod of the namespace in the direction and admits nothing.
/// </summary>
internal static class DefaultDeny
{
    private const string Group = "networking.k8s.io";

    public static bool Check(ControlContext context, ClusterVerdict verdict, bool ingress)
    {
        var inventory = context.Inventory;
        var direction = ingress ? "Ingress" : "Egress";
        if (inventory.GapFor(Group, "NetworkPolicy") is { } gap)
        {
            verdict.NotAssessable($"could not read NetworkPolicies: {gap.Reason}");
            return false;
        }

        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespace");
            return false;
        }

        var byNamespace = context.Network.Policies
            .GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        foreach (var ns in context.Scope.PhiNamespaces)
        {
            inventory.NamespaceObjects.TryGetValue(ns, out var nsObject);
            var inNamespace = byNamespace.TryGetValue(ns, out var list) ? list : [];
            var reasons = inNamespace.Select(p => (Policy: p, Why: WhyNot(p, ingress))).ToList();
            if (reasons.FirstOrDefault(r => r.Why is null).Policy is { } deny)
            {
                verdict.Pass(nsObject, $"namespace {ns}: NetworkPolicy {deny.Name} denies all {direction.ToLowerInvariant()} by default");
                continue;
            }

            var found = inNamespace.Count == 0
                ? "it has no NetworkPolicy"
                : string.Join("; ", reasons.Select(r => $"{r.Policy.Name} {r.Why}"));
            verdict.Fail(nsObject, string.Empty,
                $"PHI namespace {ns} has no default-deny {direction.ToLowerInvariant()} NetworkPolicy (podSelector: {{}}, policyTypes: [{direction}], no {direction.ToLowerInvariant()} rules): {found}");
        }

        return true;
    }

    /// <summary>Why a policy does not deny every pod of its namespace in the direction, or null when it does.</summary>
    private static string? WhyNot(PolicyModel policy, bool ingress)
    {
        var direction = ingress ? "Ingress" : "Egress";
        if (policy.Source.Json.GetObject("spec") is { } spec && spec.Has("podSelector") &&
            spec.GetProperty("podSelector").ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            // The API server refuses such a policy, so it protects nothing.
            return "has a podSelector that is not an object";
        }

        if (!policy.PodSelector.IsEmpty)
        {
            return "selects only some pods";
        }

        if (!(ingress ? policy.IsolatesIngress : policy.IsolatesEgress))
        {
            return $"does not include {direction} in policyTypes";
        }

        // Deny and log rules (Cilium, Calico) admit nothing.
        return (ingress ? policy.Ingress : policy.Egress).All(r => r.Action is RuleAction.Deny or RuleAction.Log)
            ? null
            : $"has {direction.ToLowerInvariant()} rules that allow traffic";
    }
}
