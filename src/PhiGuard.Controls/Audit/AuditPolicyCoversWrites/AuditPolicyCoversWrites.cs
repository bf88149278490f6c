using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.AuditPolicy;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Audit;

/// <summary>
/// Every write (create, update, patch, delete, deletecollection) to every served resource, subresource and custom
/// resource in PHI namespaces is audited at Metadata or above through ResponseComplete; PHI-bearing custom resources at Request or above.
/// </summary>
internal sealed class AuditPolicyCoversWrites : AuditPolicyControl
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public override string Id => "audit-policy-covers-writes";

    public override string Title => "Audit policy records every write, PHI custom resources with their request body";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(b)", "164.312(c)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-091", "hipaa-093", "hipaa-097"];

    public override IReadOnlyList<string> Requirements => ["S31"];

    public override string Rationale =>
        "Audit controls must show who changed what: a write that matches a None rule, or no rule, leaves no trace, " +
        "and a change to a PHI custom resource is only reconstructable with its request body.";

    public override string Remediation =>
        "Order the policy so no None rule matches writes by people or workloads, end it with a catch-all " +
        "`- level: Metadata`, and add `- level: Request` (or RequestResponse) for PHI-bearing custom resources " +
        "before it. `phiguard audit-policy recommend` writes a policy that passes.";

    public override string Remarks =>
        "The matrix: the five write verbs × every built-in resource and subresource of Kubernetes 1.30–1.37 plus every " +
        "CRD in the input (and its status/scale subresources) × each PHI namespace (or `default` when none is known) " +
        "for namespaced resources, cluster-scoped ones with the empty namespace × two callers: a person " +
        "(groups `oidc:staff`, `system:authenticated`) and the namespace's default service account. A write counts " +
        "when its level is at least Metadata and ResponseComplete is not omitted. PHI-bearing CRDs (labelled " +
        "`phiguard.io/phi: \"true\"`) need Request or above. System components' own writes are out of scope.";

    protected override void CheckPolicy(AuditPolicy policy, KubeObject file, ControlContext context, ClusterVerdict verdict)
    {
        var resources = ServedResources.For(context.Inventory);
        var failed = Report(policy, file, Matrix(context, resources, WriteVerbs),
            (_, d) => d.Level >= AuditLevel.Metadata && d.Records("ResponseComplete"), "write data and must be recorded at Metadata or above", verdict);
        var phiCrds = context.Inventory.OfKind("apiextensions.k8s.io", "CustomResourceDefinition")
            .Where(c => c.Labels.TryGetValue("phiguard.io/phi", out var v) && v == "true")
            .Select(ServedResources.CustomResource).OfType<ServedResource>().ToList();
        failed |= Report(policy, file, Matrix(context, phiCrds, WriteVerbs),
            (_, d) => d.Level >= AuditLevel.Request && d.Records("ResponseComplete"), "change PHI-bearing custom resources and must be recorded at Request or above", verdict);
        if (!failed)
        {
            verdict.Pass(file, $"every write to {resources.Count} resources and subresources is recorded at Metadata or above");
        }
    }
}
