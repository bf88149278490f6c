using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Resource shape over a kind the scan could not list: not assessable through the inventory's gap.</summary>
internal sealed class TestRbacBindingsControl : ResourceControl
{
    public override string Id => "test-rbac-bindings";

    public override string Title => "Cluster role bindings are reviewed";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(4)(ii)(B)"];

    public override string Rationale => "Unreviewed bindings grant access to ePHI nobody approved.";

    public override string Remediation => "Annotate each ClusterRoleBinding with phiguard.io/approved-by.";

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding"];

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        if (!obj.Annotations.ContainsKey("phiguard.io/approved-by"))
        {
            verdict.Fail("metadata.annotations", "binding has no approval annotation");
        }
    }
}
