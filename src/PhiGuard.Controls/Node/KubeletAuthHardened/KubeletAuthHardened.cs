using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Node;

/// <summary>
/// Every kubelet refuses anonymous requests, authenticates bearer tokens through the API server (webhook),
/// authorizes with Webhook and serves no read-only port.
/// </summary>
internal sealed class KubeletAuthHardened : KubeletControl
{
    public override string Id => "kubelet-auth-hardened";

    public override string Title => "Kubelets refuse anonymous access, authorize via the API server, no read-only port";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(d)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-105"];

    public override IReadOnlyList<string> Requirements => ["S5"];

    public override string Rationale =>
        "The kubelet API runs commands in containers and reads their logs and environment; an anonymous or " +
        "AlwaysAllow kubelet, or its unauthenticated read-only port, hands PHI to anyone on the node network.";

    public override string Remediation =>
        "In /var/lib/kubelet/config.yaml set `authentication.anonymous.enabled: false`, " +
        "`authentication.webhook.enabled: true`, `authorization.mode: Webhook` and `readOnlyPort: 0`, and remove " +
        "`--anonymous-auth`, `--authorization-mode` and `--read-only-port` flags that override them.";

    public override string Remarks =>
        "A kubelet flag overrides the configuration file, as the kubelet does; an absent field takes the " +
        "KubeletConfiguration v1beta1 default (anonymous off, webhook on, mode Webhook, read-only port 0), which the " +
        "message names. Managed node pools are judged only from collected node snapshots.";

    protected override void CheckKubelet(KubeletSettings kubelet, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        void Expect(string flag, string field, string defaultValue, string want, string why)
        {
            var s = kubelet.Get(flag, field, defaultValue);
            if (!string.Equals(s.Value, want, StringComparison.OrdinalIgnoreCase))
            {
                verdict.Fail(kubelet.Config, s.Path, $"kubelet on {kubelet.Node}: {s.Source} is {s.Value ?? "unset"}, want {want}: {why}");
                failed = true;
            }
        }

        Expect("anonymous-auth", "authentication.anonymous.enabled", "false", "false", "anonymous requests reach the kubelet API");
        Expect("authentication-token-webhook", "authentication.webhook.enabled", "true", "true", "bearer tokens are not checked with the API server");
        Expect("authorization-mode", "authorization.mode", "Webhook", "Webhook", "requests are not authorized by the API server");
        Expect("read-only-port", "readOnlyPort", "0", "0", "the read-only port serves pod and node data without authentication");
        if (!failed)
        {
            verdict.Pass(kubelet.Config, $"kubelet on {kubelet.Node}: anonymous off, webhook authentication and authorization, no read-only port");
        }
    }
}
