using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Node;

/// <summary>Every kubelet rotates its client certificate and requests its serving certificate from the cluster CA.</summary>
internal sealed class KubeletCertRotation : KubeletControl
{
    public override string Id => "kubelet-cert-rotation";

    public override string Title => "Kubelets rotate client certificates and bootstrap serving certificates";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-107"];

    public override IReadOnlyList<string> Requirements => ["S21"];

    public override string Rationale =>
        "Without rotation a kubelet's certificate expires or lives for years; without serverTLSBootstrap its serving " +
        "certificate is self-signed, so the API server cannot verify it is talking to the real node.";

    public override string Remediation =>
        "Set `rotateCertificates: true` and `serverTLSBootstrap: true` in the KubeletConfiguration, and approve kubelet " +
        "serving CSRs (for example with a CSR approver restricted to node identities).";

    public override string Remarks => "Both default to false in KubeletConfiguration v1beta1; flags override the file.";

    protected override void CheckKubelet(KubeletSettings kubelet, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        foreach (var (flag, field) in new[] { ("rotate-certificates", "rotateCertificates"), ("rotate-server-certificates", "serverTLSBootstrap") })
        {
            var s = kubelet.Get(flag, field, "false");
            if (!string.Equals(s.Value, "true", StringComparison.OrdinalIgnoreCase))
            {
                verdict.Fail(kubelet.Config, s.Path, $"kubelet on {kubelet.Node}: {s.Source} is {s.Value}, want true");
                failed = true;
            }
        }

        if (!failed)
        {
            verdict.Pass(kubelet.Config, $"kubelet on {kubelet.Node}: client and serving certificates rotate");
        }
    }
}
