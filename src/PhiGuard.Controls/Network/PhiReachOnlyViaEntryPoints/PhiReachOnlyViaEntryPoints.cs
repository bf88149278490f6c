using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Network;

/// <summary>
/// No workload outside the PHI namespaces can reach a PHI workload, on any port, unless <c>phiguard.yaml</c>
/// declares it a network entry point (ingress controller, monitoring).
/// </summary>
internal sealed class PhiReachOnlyViaEntryPoints : ClusterControl
{
    public override string Id => "phi-reach-only-via-entry-points";

    public override string Title => "Only declared entry points can reach PHI workloads";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(4)(i)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(a)(2)(vi)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084", "hipaa-021"];

    public override IReadOnlyList<string> Requirements => ["S10", "S11"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy", "Namespace", "Deployment", "StatefulSet", "DaemonSet", "Pod"];

    public override string Rationale =>
        "Default-deny policies are only as good as the allows beside them. This control asks the question an auditor " +
        "asks — what, outside the PHI boundary, can reach PHI? — and accepts only the entry points the organisation " +
        "declared and reviewed.";

    public override string Remediation =>
        "Tighten the ingress policies of PHI namespaces so only the intended clients are admitted, or, if the path " +
        "is intended, declare the client in phiguard.yaml: `networkEntryPoints: [{namespace: ingress-nginx, name: " +
        "ingress-nginx-controller, reason: \"public entry\"}]`.";

    public override string Remarks =>
        "Sources are the workloads (and Pods) of every namespace that is not a PHI namespace, system namespaces " +
        "included; a source is exempt when a `networkEntryPoints` entry matches its namespace (glob), and its name " +
        "(glob) and kind when given. Reachability is the engine's on any port, both sides considered. Traffic from " +
        "outside the cluster is out of scope here (see `no-plaintext-service-exposure` and the map).";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var scope = context.Scope;
        if (scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespace");
            return;
        }

        if (context.Inventory.GapFor("networking.k8s.io", "NetworkPolicy") is { } gap)
        {
            verdict.NotAssessable($"could not read NetworkPolicies: {gap.Reason}");
            return;
        }

        var model = context.Network;
        var matrix = ReachMatrix.Compute(model);
        var phi = model.Endpoints.Where(e => scope.IsPhi(e.Namespace)).OrderBy(e => e.QualifiedId, StringComparer.Ordinal).ToList();
        if (phi.Count == 0)
        {
            verdict.NotApplicable("no workload in a PHI namespace");
            return;
        }

        var entry = context.Config.NetworkEntryPoints;
        var outside = model.Endpoints.Where(e => !scope.IsPhi(e.Namespace)).ToList();
        foreach (var target in phi)
        {
            var sources = outside.Where(s => matrix.Allowed(s.Index, target.Index)).ToList();
            var undeclared = sources.Where(s => !entry.Any(p => p.Matches(s.Namespace, s.Kind, s.Name)))
                .Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
            if (undeclared.Count == 0)
            {
                verdict.Pass(target.Object, sources.Count == 0
                    ? $"{target.Kind} {target.Id}: nothing outside the PHI namespaces can reach it"
                    : $"{target.Kind} {target.Id}: reachable from outside only through declared entry points ({string.Join(", ", sources.Select(s => s.Id).Order(StringComparer.Ordinal))})");
                continue;
            }

            var list = undeclared.Count <= 5 ? string.Join(", ", undeclared) : $"{string.Join(", ", undeclared.Take(5))} and {undeclared.Count - 5} more";
            verdict.Fail(target.Object, string.Empty,
                $"{target.Kind} {target.Id} holds PHI and can be reached from workloads outside the PHI namespaces that are not declared entry points: {list}");
        }
    }
}
