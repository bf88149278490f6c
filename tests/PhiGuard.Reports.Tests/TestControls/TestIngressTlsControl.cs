using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Resource shape: an Ingress must terminate TLS.</summary>
internal sealed class TestIngressTlsControl : ResourceControl
{
    public override string Id => "test-ingress-tls";

    public override string Title => "Ingresses terminate TLS for every host";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)", "164.312(e)(2)(ii)"];

    public override string Rationale => "ePHI sent in clear text over a network can be read by anyone on the path.";

    public override string Remediation => "Add spec.tls with a certificate Secret covering every host in spec.rules.";

    public override IReadOnlyList<string> Kinds => ["Ingress"];

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        if (!obj.Json.GetObject("spec").HasValue || !obj.Json.GetObject("spec")!.Value.GetArray("tls").Any())
        {
            verdict.Fail("spec.tls", "Ingress has no TLS section; hosts are served over plain HTTP");
        }
    }
}
