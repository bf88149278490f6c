using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Node;

/// <summary>Every kubelet closes idle exec, attach and port-forward streams after a non-zero timeout of at most 5 minutes.</summary>
internal sealed class KubeletStreamingIdleTimeout : KubeletControl
{
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    public override string Id => "kubelet-streaming-idle-timeout";

    public override string Title => "Kubelets end idle exec and port-forward sessions within 5 minutes";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-088"];

    public override IReadOnlyList<string> Requirements => ["S30"];

    public override string Rationale =>
        "An exec or port-forward session left open on an unattended workstation is a live door into a PHI " +
        "container; automatic logoff for the platform means idle streams are closed.";

    public override string Remediation =>
        "Set `streamingConnectionIdleTimeout: 5m` (or less, but not 0) in the KubeletConfiguration.";

    public override string Remarks =>
        "The default is 4h, which fails; 0 means never time out and fails. Durations are Go durations (`5m`, " +
        "`300s`, `1h0m0s`); one that cannot be read fails with its text.";

    protected override void CheckKubelet(KubeletSettings kubelet, ControlContext context, ClusterVerdict verdict)
    {
        var s = kubelet.Get("streaming-connection-idle-timeout", "streamingConnectionIdleTimeout", "4h0m0s");
        if (GoDuration.TryParse(s.Value, out var d) && d > TimeSpan.Zero && d <= Max)
        {
            verdict.Pass(kubelet.Config, $"kubelet on {kubelet.Node}: idle streams close after {s.Value}");
            return;
        }

        var why = !GoDuration.TryParse(s.Value, out d) ? "is not a duration" : d == TimeSpan.Zero ? "means never" : "is longer than 5m";
        verdict.Fail(kubelet.Config, s.Path, $"kubelet on {kubelet.Node}: {s.Source} is {s.Value}, which {why}");
    }
}
