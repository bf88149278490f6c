using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>
/// etcd requires client certificates from clients and peers with configured (not auto-generated) certificates, and
/// the API server presents a client certificate to etcd and verifies kubelets' serving certificates.
/// </summary>
internal sealed class ControlPlaneMtls : ApiServerControl
{
    public override string Id => "control-plane-mtls";

    public override string Title => "etcd and the API server use mutual TLS with configured certificates";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)", "164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-107", "hipaa-081"];

    public override IReadOnlyList<string> Requirements => ["S20"];

    public override string Rationale =>
        "etcd holds every Secret; without client-certificate authentication anyone who reaches its port reads them. " +
        "An API server that does not verify kubelet certificates can be sent exec and log traffic by an impostor.";

    public override string Remediation =>
        "On etcd set `--client-cert-auth=true`, `--peer-client-cert-auth=true`, `--cert-file`, `--key-file`, " +
        "`--peer-cert-file`, `--peer-key-file`, `--trusted-ca-file`, and remove `--auto-tls`/`--peer-auto-tls`. On " +
        "kube-apiserver set `--etcd-cafile`, `--etcd-certfile`, `--etcd-keyfile` and `--kubelet-certificate-authority`.";

    public override string Remarks =>
        "etcd's client-cert-auth and peer-client-cert-auth default to false. etcd Pods are judged when present " +
        "(stacked etcd); with external etcd only the API server's side is judged and etcd's is reported not " +
        "assessable. Managed clusters: the provider runs etcd, not assessable.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        foreach (var flag in new[] { "etcd-cafile", "etcd-certfile", "etcd-keyfile", "kubelet-certificate-authority" })
        {
            if (string.IsNullOrEmpty(api.Flags.Value(flag)))
            {
                verdict.Fail(api.Pod, api.PathOf(flag), $"{api.Pod.Name}: --{flag} is not set");
                failed = true;
            }
        }

        if (!failed)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: etcd client certificate and kubelet CA are set");
        }
    }

    protected override void CheckCluster(ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        if (view.ApiServers.Count > 0 && view.Etcds.Count == 0)
        {
            verdict.NotAssessable(null, "no etcd Pod is in the input (external etcd?): etcd's own client and peer certificate settings were not judged");
        }

        foreach (var etcd in view.Etcds)
        {
            var failed = false;
            foreach (var flag in new[] { "client-cert-auth", "peer-client-cert-auth" })
            {
                if (etcd.Flags.Bool(flag, defaultValue: false) != true)
                {
                    verdict.Fail(etcd.Pod, etcd.PathOf(flag), $"{etcd.Pod.Name}: --{flag} is {(etcd.Flags.IsSet(flag) ? etcd.Flags.Value(flag) : "not set (default false)")}, so etcd accepts clients without a certificate");
                    failed = true;
                }
            }

            foreach (var flag in new[] { "cert-file", "key-file", "peer-cert-file", "peer-key-file", "trusted-ca-file" })
            {
                if (string.IsNullOrEmpty(etcd.Flags.Value(flag)))
                {
                    verdict.Fail(etcd.Pod, etcd.PathOf(flag), $"{etcd.Pod.Name}: --{flag} is not set");
                    failed = true;
                }
            }

            foreach (var flag in new[] { "auto-tls", "peer-auto-tls" })
            {
                if (etcd.Flags.Bool(flag, defaultValue: false) != false)
                {
                    verdict.Fail(etcd.Pod, etcd.PathOf(flag), $"{etcd.Pod.Name}: --{flag} uses self-signed certificates nobody can verify");
                    failed = true;
                }
            }

            if (!failed)
            {
                verdict.Pass(etcd.Pod, $"{etcd.Pod.Name}: client and peer certificate authentication on with configured certificates");
            }
        }
    }
}
