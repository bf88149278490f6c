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
        var phi = model.Endpoints.Where(e => scope.IsPhi(e.Namespace)).OrderBy(e => e.QualifiedId, StringComparer.Ordinal).ToList();
        if (phi.Count == 0)
        {
            verdict.NotApplicable("no workload in a PHI namespace");
            return;
        }

        var entry = context.Config.NetworkEntryPoints;
        var outside = model.Index.Where(e => !scope.IsPhi(e.Namespace));
        var declared = model.Index.Where(e => entry.Any(p => p.Matches(e.Namespace, e.Kind, e.Name)));
        foreach (var target in phi)
        {
            // One column of the reachability index per PHI workload, intersected with the outside workloads as a
            // bitset: no pairwise check, and only the first names are ever listed.
            var sources = model.Index.SourcesOf(target).Intersect(outside);
            var undeclaredSet = sources.Except(declared);
            if (undeclaredSet.Count == 0)
            {
                verdict.Pass(target.Object, sources.Count == 0
                    ? $"{target.Kind} {target.Id}: nothing outside the PHI namespaces can reach it"
                    : $"{target.Kind} {target.Id}: reachable from outside only through declared entry points ({string.Join(", ", sources.Members.Select(s => s.Id))})");
                continue;
            }

            var undeclared = undeclaredSet.Members.Take(5).Select(s => s.Id).ToList();
            var list = undeclaredSet.Count <= 5 ? string.Join(", ", undeclared) : $"{string.Join(", ", undeclared)} and {undeclaredSet.Count - 5} more";
            verdict.Fail(target.Object, string.Empty,
                $"{target.Kind} {target.Id} holds PHI and can be reached from workloads outside the PHI namespaces that are not declared entry points: {list}");
        }
    }
}
