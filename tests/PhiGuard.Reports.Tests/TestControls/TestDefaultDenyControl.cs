using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Cluster shape: every PHI namespace needs at least one NetworkPolicy.</summary>
internal sealed class TestDefaultDenyControl : ClusterControl
{
    public override string Id => "test-default-deny";

    public override string Title => "PHI namespaces deny ingress by default";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override string Rationale => "Without a default-deny policy any pod in the cluster can reach ePHI services.";

    public override string Remediation => "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] to the namespace.";

    public override IReadOnlyList<string> Kinds => ["Namespace", "NetworkPolicy"];

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        foreach (var ns in context.Scope.PhiNamespaces)
        {
            var nsObject = context.Inventory.Find("Namespace", null, ns);
            if (context.Inventory.OfKind("NetworkPolicy").Any(p => p.Namespace == ns))
            {
                verdict.Pass(nsObject, $"namespace {ns} has a NetworkPolicy");
            }
            else
            {
                verdict.Fail(nsObject, string.Empty, $"no NetworkPolicy in PHI namespace {ns}");
            }
        }
    }
}
