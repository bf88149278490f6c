using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Network;

/// <summary>
/// No NetworkPolicy in a PHI namespace has a rule that admits everything (no peers and no ports) or a peer that
/// matches every pod of every namespace (an empty peer, or <c>namespaceSelector: {}</c> with an empty or absent
/// <c>podSelector</c>).
/// </summary>
internal sealed class NetpolNoAllowAll : ClusterControl
{
    public override string Id => "netpol-no-allow-all";

    public override string Title => "No allow-all NetworkPolicy rules in PHI namespaces";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S11"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy"];

    public override string Rationale =>
        "An allow-all rule quietly undoes a default-deny: `ingress: [{}]` or a `namespaceSelector: {}` peer lets " +
        "every pod in the cluster in, which is exactly the lateral movement segmentation is meant to stop.";

    public override string Remediation =>
        "Replace the rule with peers that name the real clients (a namespace by `kubernetes.io/metadata.name` plus a " +
        "`podSelector`) and the ports they use; for the ingress controller, select its namespace and pods.";

    public override string Remarks =>
        "Judged on the rules as the engine reads them: a rule with an empty or missing `from`/`to` and empty or " +
        "missing `ports` admits everything; a peer admits every pod when it is empty, or when its namespace selector " +
        "is empty and its pod selector empty or absent (ports do not redeem it). A rule with no peers but a port list " +
        "(`ingress: [{ports: [443]}]`) is not flagged here: it is the usual way to publish a port to all clients, and " +
        "`phi-reach-only-via-entry-points` judges who can then reach PHI. ipBlock peers are judged by " +
        "`egress-internet-restricted`.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Inventory.GapFor("networking.k8s.io", "NetworkPolicy") is { } gap)
        {
            verdict.NotAssessable($"could not read NetworkPolicies: {gap.Reason}");
            return;
        }

        var policies = context.Network.Policies.Where(p => context.Scope.IsPhi(p.Namespace))
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        if (policies.Count == 0)
        {
            verdict.NotApplicable(context.Scope.PhiNamespaces.Count == 0 ? "no PHI namespace" : "no NetworkPolicy in a PHI namespace");
            return;
        }

        foreach (var policy in policies)
        {
            var bad = 0;
            foreach (var (rules, field) in new[] { (policy.Ingress, "from"), (policy.Egress, "to") })
            {
                foreach (var rule in rules.Where(r => r.Action == RuleAction.Allow))
                {
                    if (rule.AllPeers && rule.AllPorts)
                    {
                        verdict.Fail(policy.Source, rule.Path, $"NetworkPolicy {policy.Id} {rule.Path} admits every peer on every port");
                        bad++;
                        continue;
                    }

                    for (var i = 0; i < (rule.Peers?.Count ?? 0); i++)
                    {
                        if (rule.Peers![i].MatchesAllPods)
                        {
                            verdict.Fail(policy.Source, $"{rule.Path}.{field}[{i}]",
                                $"NetworkPolicy {policy.Id} {rule.Path}.{field}[{i}] matches every pod of every namespace ({rule.Peers[i]})");
                            bad++;
                        }
                    }
                }
            }

            if (bad == 0)
            {
                verdict.Pass(policy.Source, $"NetworkPolicy {policy.Id} has no allow-all rule");
            }
        }
    }
}
