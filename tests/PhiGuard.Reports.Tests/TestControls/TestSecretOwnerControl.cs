using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Resource shape over Secrets: reads only metadata, never data, like every real control.</summary>
internal sealed class TestSecretOwnerControl : ResourceControl
{
    public override string Id => "test-secret-owner";

    public override string Title => "Secrets name an owner";

    public override Severity Severity => Severity.Low;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)"];

    public override string Rationale => "A Secret nobody owns is never rotated.";

    public override string Remediation => "Label the Secret with phiguard.io/owner: <team>.";

    public override IReadOnlyList<string> Kinds => ["Secret"];

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        if (!obj.Labels.ContainsKey("phiguard.io/owner"))
        {
            verdict.Fail("metadata.labels", "Secret has no phiguard.io/owner label");
        }
    }
}
