using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>NodeRestriction is enabled, PodSecurity is not disabled and AlwaysAdmit is not enabled on the API server.</summary>
internal sealed class ApiserverAdmissionBaseline : ApiServerControl
{
    public override string Id => "apiserver-admission-baseline";

    public override string Title => "API server admission: NodeRestriction on, PodSecurity not disabled, no AlwaysAdmit";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S29"];

    public override string Rationale =>
        "NodeRestriction stops a kubelet from editing other nodes and pods; PodSecurity enforces the namespace " +
        "security levels PHI workloads rely on; AlwaysAdmit switches admission control off.";

    public override string Remediation =>
        "Add NodeRestriction to `--enable-admission-plugins`, remove PodSecurity from `--disable-admission-plugins` " +
        "and AlwaysAdmit from `--enable-admission-plugins`.";

    public override string Remarks =>
        "NodeRestriction is not in the API server's default set, so it must be listed. PodSecurity is on by default " +
        "and only fails when disabled. Repeated flags accumulate (pflag string slices). The deprecated " +
        "`--admission-control` counts as enabling. Managed clusters are not assessable from their descriptions.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var enabled = api.Flags.List("enable-admission-plugins").Concat(api.Flags.List("admission-control")).ToList();
        var disabled = api.Flags.List("disable-admission-plugins");
        var failed = false;
        if (!enabled.Contains("NodeRestriction", StringComparer.Ordinal))
        {
            verdict.Fail(api.Pod, api.PathOf("enable-admission-plugins"), $"{api.Pod.Name}: NodeRestriction is not in --enable-admission-plugins (it is not enabled by default)");
            failed = true;
        }

        if (disabled.Contains("PodSecurity", StringComparer.Ordinal))
        {
            verdict.Fail(api.Pod, api.PathOf("disable-admission-plugins"), $"{api.Pod.Name}: --disable-admission-plugins turns PodSecurity off");
            failed = true;
        }

        if (enabled.Contains("AlwaysAdmit", StringComparer.Ordinal))
        {
            verdict.Fail(api.Pod, api.PathOf("enable-admission-plugins"), $"{api.Pod.Name}: --enable-admission-plugins includes AlwaysAdmit, which admits every request");
            failed = true;
        }

        if (!failed)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: NodeRestriction enabled, PodSecurity not disabled, no AlwaysAdmit");
        }
    }
}
