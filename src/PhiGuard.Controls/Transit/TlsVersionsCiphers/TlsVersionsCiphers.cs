using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Transit;

/// <summary>The API server and every kubelet set TLS 1.2 or newer and only ECDHE key exchange with AEAD ciphers.</summary>
internal sealed class TlsVersionsCiphers : ApiServerControl
{
    private static readonly string[] Approved =
    [
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ];

    private static readonly string[] GoodVersions = ["VersionTLS12", "VersionTLS13"];

    public override string Id => "tls-versions-ciphers";

    public override string Title => "API server and kubelets use TLS 1.2+ with ECDHE-AEAD ciphers only";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)", "164.312(e)(2)(ii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-107", "hipaa-110"];

    public override IReadOnlyList<string> Requirements => ["S20", "S21"];

    public override IReadOnlyList<string> Kinds => ["Pod", "KubeletConfiguration"];

    public override string Rationale =>
        "Old protocol versions and CBC or static-RSA cipher suites have practical attacks; traffic to the API server " +
        "and kubelets carries Secrets, exec sessions and logs with PHI.";

    public override string Remediation =>
        "kube-apiserver: `--tls-min-version=VersionTLS12` and `--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256," +
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`; " +
        "kubelet: the same values in `tlsMinVersion` and `tlsCipherSuites`.";

    public override string Remarks =>
        "Unset values fail: they leave the choice to the Go runtime the binary was built with, which differs across " +
        "versions, and CIS asks for them to be set explicitly. TLS 1.3 suites are fixed by Go and always AEAD. The " +
        "kubelet part is judged on KubeletConfigurations in the input; with none it is reported not assessable. " +
        "Managed control planes are not assessable.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var ok = Judge(api.Flags.Value("tls-min-version"), api.Flags.List("tls-cipher-suites"), $"{api.Pod.Name}", "--tls-min-version", "--tls-cipher-suites",
            (path, msg) => verdict.Fail(api.Pod, api.PathOf(path.TrimStart('-')), msg));
        if (ok)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: TLS 1.2+ with ECDHE-AEAD suites");
        }
    }

    protected override void CheckCluster(ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        if (view.KubeletConfigs.Count == 0)
        {
            verdict.NotAssessable(null, ControlPlaneView.KubeletHiddenReason);
        }

        foreach (var config in view.KubeletConfigs)
        {
            var k = new KubeletSettings(config);
            var min = k.Get("tls-min-version", "tlsMinVersion", null);
            var (suites, suitesPath) = k.GetList("tls-cipher-suites", "tlsCipherSuites");
            var ok = Judge(min.Value, suites, $"kubelet on {k.Node}", "tlsMinVersion", "tlsCipherSuites",
                (path, msg) => verdict.Fail(config, path == "tlsMinVersion" ? min.Path : suitesPath, msg));
            if (ok)
            {
                verdict.Pass(config, $"kubelet on {k.Node}: TLS 1.2+ with ECDHE-AEAD suites");
            }
        }
    }

    private static bool Judge(string? min, IReadOnlyList<string> suites, string who, string minName, string suitesName, Action<string, string> fail)
    {
        var ok = true;
        if (!GoodVersions.Contains(min, StringComparer.Ordinal))
        {
            fail(minName, $"{who}: {minName} is {min ?? "not set (left to the Go runtime)"}, want VersionTLS12 or VersionTLS13");
            ok = false;
        }

        if (suites.Count == 0)
        {
            fail(suitesName, $"{who}: {suitesName} is not set, so the Go runtime's default suite list applies; set ECDHE-AEAD suites explicitly");
            ok = false;
        }
        else if (suites.Where(s => !Approved.Contains(s, StringComparer.Ordinal)).ToList() is { Count: > 0 } weak)
        {
            fail(suitesName, $"{who}: {suitesName} allows {string.Join(", ", weak)}, which are not ECDHE with an AEAD cipher");
            ok = false;
        }

        return ok;
    }
}
