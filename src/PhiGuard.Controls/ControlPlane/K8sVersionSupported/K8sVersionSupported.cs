using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>
/// The API server's minor release is not past upstream end of life (by PhiGuard's dated release table; a warning
/// within 60 days of it), and no kubelet is newer than the API server or more than three minors older.
/// </summary>
internal sealed class K8sVersionSupported : ClusterControl
{
    /// <summary>Days before end of life from which a pass carries a warning.</summary>
    public const int WarnDays = 60;

    /// <summary>The version-skew policy: kubelets may be up to three minors older than the API server (1.28+).</summary>
    public const int MaxKubeletLag = 3;

    public override string Id => "k8s-version-supported";

    public override string Title => "Kubernetes minor release is supported and node versions are within skew";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(B)", "164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(4)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-003", "hipaa-029"];

    public override IReadOnlyList<string> Requirements => ["S4"];

    public override IReadOnlyList<string> Kinds => ["Node", "Pod", ProviderDescription.Kind];

    public override string Rationale =>
        "A minor release past end of life gets no security fixes: every Kubernetes CVE published afterwards stays open " +
        "on the cluster that holds ePHI. Kubelets outside the version-skew policy run untested combinations.";

    public override string Remediation =>
        "Upgrade the control plane to a supported minor (one minor at a time) before its end-of-life date, then the " +
        "node pools; keep kubelets no newer than the API server and at most three minors behind it.";

    public override string Remarks =>
        "End-of-life dates are upstream's (kubernetes.io/releases) from the table embedded in PhiGuard, whose date every " +
        "message states; provider extended-support calendars are not applied (record them as a waiver). The API " +
        "server version comes from GET /version, else the kube-apiserver Pod's image tag, else the provider " +
        "description; kubelets from Nodes and the provider's node pools. Within 60 days of end of life the control " +
        "passes with a warning in its message (the result model has no warning status). A minor newer than the table " +
        "is not assessable rather than assumed supported.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        var table = KubernetesReleaseTable.Default;
        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        var label = VersionMessages.Label(table, today);
        if (ClusterVersions.Server(view) is not { } server)
        {
            verdict.NotAssessable(VersionMessages.ServerHidden(view));
            return;
        }

        var minor = server.Version.Minor;
        var release = table.Find(minor);
        if (minor < table.OldestMinor)
        {
            verdict.Fail(server.Object, server.Path,
                $"API server {server.Text} ({server.Source}) is older than every release line in the {label} (oldest 1.{table.OldestMinor}, end of life {table.Releases[^1].EndOfLife:yyyy-MM-dd}): past end of life");
        }
        else if (release is null)
        {
            verdict.NotAssessable(server.Object,
                $"API server {server.Text} ({server.Source}) is newer than the {label} (newest 1.{table.NewestMinor}): its end of life is not known to this PhiGuard");
        }
        else if (today > release.EndOfLife)
        {
            verdict.Fail(server.Object, server.Path,
                $"API server {server.Text} ({server.Source}): 1.{minor} reached end of life on {release.EndOfLife:yyyy-MM-dd} ({label}) and gets no security fixes");
        }
        else
        {
            var days = release.EndOfLife.DayNumber - today.DayNumber;
            verdict.Pass(server.Object, days < WarnDays
                ? $"WARNING: API server {server.Text} ({server.Source}): 1.{minor} reaches end of life in {days} days, on {release.EndOfLife:yyyy-MM-dd} ({label}); plan the upgrade"
                : $"API server {server.Text} ({server.Source}): 1.{minor} is supported until {release.EndOfLife:yyyy-MM-dd} ({label})");
        }

        foreach (var kubelet in ClusterVersions.Kubelets(view))
        {
            var k = kubelet.Version.Minor;
            if (k > minor)
            {
                verdict.Fail(kubelet.Object, kubelet.Path,
                    $"{kubelet.Source} runs kubelet {kubelet.Text}, newer than the API server {server.Text}: the version-skew policy forbids kubelets newer than kube-apiserver");
            }
            else if (minor - k > MaxKubeletLag)
            {
                verdict.Fail(kubelet.Object, kubelet.Path,
                    $"{kubelet.Source} runs kubelet {kubelet.Text}, {minor - k} minors behind the API server {server.Text}: the version-skew policy allows at most {MaxKubeletLag}");
            }
            else
            {
                verdict.Pass(kubelet.Object, $"{kubelet.Source} kubelet {kubelet.Text} is within the version-skew policy of API server {server.Text}");
            }
        }
    }
}
