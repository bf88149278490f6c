using System.Text.Json;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Network;

/// <summary>
/// Every PHI namespace has a default-deny ingress NetworkPolicy: it selects all pods (<c>podSelector: {}</c>),
/// its policy types include Ingress, and it has no ingress rules.
/// </summary>
internal sealed class NetpolDefaultDenyIngress : ClusterControl
{
    private const string Group = "networking.k8s.io";

    public override string Id => "netpol-default-deny-ingress";

    public override string Title => "PHI namespaces deny ingress by default";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(a)(2)(vi)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S11"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy", "Namespace"];

    public override string Rationale =>
        "Kubernetes lets every pod reach every other pod until a NetworkPolicy selects it. A default-deny ingress " +
        "policy turns each PHI namespace into an allow-list, so a compromised pod elsewhere in the cluster cannot " +
        "reach PHI services it was never meant to talk to.";

    public override string Remediation =>
        "In each PHI namespace apply `apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: " +
        "default-deny-ingress}, spec: {podSelector: {}, policyTypes: [Ingress]}`, then add narrow policies that " +
        "allow only the traffic each workload needs. Make sure the CNI enforces NetworkPolicy.";

    public override string Remarks =>
        "`policyTypes` follows the API's defaulting: when it is omitted, Ingress is always included (and Egress only " +
        "when egress rules exist), so an omitted `policyTypes` counts as Ingress. An omitted `podSelector` is the " +
        "empty selector, as the API server reads it. `ingress: []` counts as no rules; `ingress: [{}]` allows " +
        "everything and does not count. Findings are on the Namespace object, or on the cluster as a whole (naming " +
        "the namespace) when the input has no Namespace object for it. For manifest input only the policies given " +
        "are known: a policy applied elsewhere is not seen, so scan the manifests together. That the CNI enforces " +
        "policies is checked by `cni-enforces-networkpolicy`.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var inventory = context.Inventory;
        if (inventory.GapFor(Group, "NetworkPolicy") is { } gap)
        {
            verdict.NotAssessable($"could not read NetworkPolicies: {gap.Reason}");
            return;
        }

        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespace");
            return;
        }

        var policies = inventory.OfKind(Group, "NetworkPolicy")
            .Where(p => p.Namespace is not null)
            .GroupBy(p => p.Namespace!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        foreach (var ns in context.Scope.PhiNamespaces)
        {
            inventory.NamespaceObjects.TryGetValue(ns, out var nsObject);
            var inNamespace = policies.TryGetValue(ns, out var list) ? list : [];
            var reasons = inNamespace.Select(p => (Policy: p, Why: WhyNotDefaultDeny(p))).ToList();
            if (reasons.FirstOrDefault(r => r.Why is null).Policy is { } deny)
            {
                verdict.Pass(nsObject, $"namespace {ns}: NetworkPolicy {deny.Name} denies all ingress by default");
                continue;
            }

            var found = inNamespace.Count == 0
                ? "it has no NetworkPolicy"
                : string.Join("; ", reasons.Select(r => $"{r.Policy.Name} {r.Why}"));
            verdict.Fail(nsObject, string.Empty,
                $"PHI namespace {ns} has no default-deny ingress NetworkPolicy (podSelector: {{}}, policyTypes: [Ingress], no ingress rules): {found}");
        }
    }

    /// <summary>Why a policy is not a default-deny ingress policy, or null when it is one.</summary>
    private static string? WhyNotDefaultDeny(KubeObject policy)
    {
        if (policy.Json.GetObject("spec") is not { } spec)
        {
            // A policy with no spec selects every pod for ingress with no rule: it denies all ingress.
            return null;
        }

        if (spec.Has("podSelector") && spec.GetProperty("podSelector").ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return "has a podSelector that is not an object";
        }

        if (!LabelSelector.Parse(spec.GetObject("podSelector")).IsEmpty)
        {
            return "selects only some pods";
        }

        var types = spec.GetArray("policyTypes").Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToList();
        if (types.Count > 0 && !types.Contains("Ingress", StringComparer.Ordinal))
        {
            return "does not include Ingress in policyTypes";
        }

        if (!spec.TryGetProperty("ingress", out var ingress) || ingress.ValueKind == JsonValueKind.Null ||
            (ingress.ValueKind == JsonValueKind.Array && ingress.GetArrayLength() == 0))
        {
            return null;
        }

        return "has ingress rules that allow traffic";
    }
}
