using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>
/// The API server runs a patch release at most two behind the latest patch of its minor, by PhiGuard's dated
/// release table.
/// </summary>
internal sealed class K8sPatchCurrent : ClusterControl
{
    /// <summary>How many patch releases the API server may lag (upstream ships patches monthly).</summary>
    public const int MaxPatchesBehind = 2;

    public override string Id => "k8s-patch-current";

    public override string Title => "API server runs a current patch release of its minor";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(B)", "164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(4)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-003", "hipaa-029"];

    public override IReadOnlyList<string> Requirements => ["S4"];

    public override IReadOnlyList<string> Kinds => ["Pod", ProviderDescription.Kind];

    public override string Rationale =>
        "Security fixes for Kubernetes ship as monthly patch releases; a control plane several patches behind carries " +
        "known, published vulnerabilities on the path to ePHI.";

    public override string Remediation =>
        "Apply the latest patch release of the cluster's minor (kubeadm upgrade apply v1.N.P, or the provider's " +
        "control-plane upgrade); keep within two patch releases of the newest.";

    public override string Remarks =>
        "The latest patch comes from the release table embedded in PhiGuard, whose date every message states: a patch " +
        "released after that date is not counted, so the check can only be lenient, never wrongly strict. A version " +
        "that states no patch (EKS describe-cluster gives only the minor; AWS applies control-plane patches as " +
        "platform versions) is not assessable. Only the API server is judged, as CONTROLS.md specifies (/version).";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        var table = KubernetesReleaseTable.Default;
        var label = VersionMessages.Label(table, DateOnly.FromDateTime(context.Now.UtcDateTime));
        if (ClusterVersions.Server(view) is not { } server)
        {
            verdict.NotAssessable(VersionMessages.ServerHidden(view));
            return;
        }

        if (server.Version.Patch is not { } patch)
        {
            verdict.NotAssessable(server.Object, $"{server.Source} states only the minor ({server.Text}): the patch level is not visible");
            return;
        }

        var minor = server.Version.Minor;
        if (table.Find(minor) is not { LatestPatch: { } latest } release)
        {
            verdict.NotAssessable(server.Object, $"the {label} has no verified latest patch for 1.{minor}: API server {server.Text} cannot be compared");
            return;
        }

        var when = release.LatestPatchDate is { } d ? $"released {d:yyyy-MM-dd}, " : string.Empty;
        var behind = latest - patch;
        if (behind > MaxPatchesBehind)
        {
            verdict.Fail(server.Object, server.Path,
                $"API server {server.Text} ({server.Source}) is {behind} patch releases behind 1.{minor}.{latest} ({when}{label}); at most {MaxPatchesBehind} allowed");
        }
        else
        {
            verdict.Pass(server.Object, behind <= 0
                ? $"API server {server.Text} ({server.Source}) is at or past the latest patch 1.{minor}.{latest} ({label})"
                : $"API server {server.Text} ({server.Source}) is {behind} patch release(s) behind 1.{minor}.{latest} ({when}{label})");
        }
    }
}
