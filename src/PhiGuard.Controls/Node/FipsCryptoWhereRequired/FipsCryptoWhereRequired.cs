using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Node;

/// <summary>
/// Where policy requires FIPS (<c>fipsRequired: true</c>), every node running PHI reports
/// <c>/proc/sys/crypto/fips_enabled</c> = 1 and every PHI image comes from the approved FIPS-validated build set
/// (<c>fipsImages</c>); not applicable otherwise.
/// </summary>
internal sealed class FipsCryptoWhereRequired : ClusterControl
{
    public override string Id => "fips-crypto-where-required";

    public override string Title => "Nodes and images use FIPS-validated cryptography where policy requires it";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)", "164.312(e)(2)(ii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-089", "hipaa-110"];

    public override IReadOnlyList<string> Requirements => ["S22"];

    public override IReadOnlyList<string> Kinds =>
        ["NodeSnapshot", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

    public override string Rationale =>
        "HHS's breach guidance counts PHI as secured only when it is encrypted with FIPS 140-validated modules; where an " +
        "organisation's policy (or a federal contract) requires them, a node kernel outside FIPS mode or an image built " +
        "on an unvalidated crypto library leaves PHI legally unsecured.";

    public override string Remediation =>
        "Boot PHI nodes in FIPS mode (`fips=1` on the kernel command line, or a FIPS node image: Bottlerocket FIPS, " +
        "EKS/AKS FIPS node pools, RHEL with `fips-mode-setup --enable`) and build PHI images on a validated base, then " +
        "list those registries or repository prefixes as `fipsImages` in phiguard.yaml. Collect node facts with " +
        "`phiguard node collect` and give them with --node-snapshot.";

    public override string Remarks =>
        "Applies only when `fipsRequired: true`. PHI nodes are the nodes PHI-namespace Pods are scheduled on " +
        "(`spec.nodeName`); when the input shows no such Pod (a manifests scan) every node snapshot is judged. A node's " +
        "FIPS mode is the `fipsEnabled` its snapshot recorded from `proc/sys/crypto/fips_enabled`; a PHI node without a " +
        "snapshot, or a snapshot without that file, is not assessable, as is the image part when `fipsImages` is empty " +
        "(nothing names the validated build set). An image matches a `fipsImages` entry that is its registry host or " +
        "a `host/path` prefix of its repository.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!context.Config.FipsRequired)
        {
            verdict.NotApplicable("fipsRequired is not set in phiguard.yaml: no policy requires FIPS-validated cryptography here");
            return;
        }

        CheckNodes(context, verdict);
        CheckImages(context, verdict);
    }

    private static void CheckNodes(ControlContext context, ClusterVerdict verdict)
    {
        var snapshots = ControlPlaneView.Of(context.Inventory).NodeSnapshots
            .GroupBy(NodeOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var phiNodes = context.Inventory.OfKind("Pod")
            .Where(p => context.Scope.IsPhi(p.Namespace))
            .Select(p => p.Json.GetPath("spec")?.GetString("nodeName"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var judged = phiNodes.Count > 0 ? phiNodes.Order(StringComparer.Ordinal).ToList() : snapshots.Keys.Order(StringComparer.Ordinal).ToList();
        if (judged.Count == 0)
        {
            verdict.NotAssessable(null, "no node snapshot is in the input, so no node's FIPS mode is known (collect with `phiguard node collect` and give --node-snapshot)");
            return;
        }

        foreach (var node in judged)
        {
            if (!snapshots.TryGetValue(node, out var snapshot))
            {
                verdict.NotAssessable(context.Inventory.Find("Node", null, node), $"node {node} runs PHI pods but no snapshot of it is in the input, so its FIPS mode is unknown");
                continue;
            }

            var spec = snapshot.Json.GetPath("spec");
            var fips = spec?.GetBool("fipsEnabled") ?? spec?.GetObject("collected")?.GetBool("fipsEnabled");
            switch (fips)
            {
                case true:
                    verdict.Pass(snapshot, $"node {node} runs the kernel in FIPS mode (fips_enabled = 1)");
                    break;
                case false:
                    verdict.Fail(snapshot, "spec.fipsEnabled", $"node {node} reports /proc/sys/crypto/fips_enabled = 0: its kernel crypto is not in FIPS mode");
                    break;
                default:
                    verdict.NotAssessable(snapshot, $"the snapshot of node {node} has no proc/sys/crypto/fips_enabled, so its FIPS mode is unknown");
                    break;
            }
        }
    }

    private static void CheckImages(ControlContext context, ClusterVerdict verdict)
    {
        var allowed = context.Config.FipsImages;
        var images = PhiImages.Of(context).ToList();
        if (images.Count == 0)
        {
            return;
        }

        if (allowed.Count == 0)
        {
            verdict.NotAssessable(null, "fipsImages is empty in phiguard.yaml, so no PHI image can be shown to come from the FIPS-validated build set");
            return;
        }

        foreach (var group in images.GroupBy(i => i.Workload.Object))
        {
            var failed = false;
            foreach (var (_, container, image, reference) in group)
            {
                if (!allowed.Any(a => Matches(a, reference)))
                {
                    verdict.Fail(group.Key, $"{container.Path}.image", $"container \"{container.Name}\" image {image} is not from the FIPS-validated build set ({string.Join(", ", allowed)})");
                    failed = true;
                }
            }

            if (!failed)
            {
                verdict.Pass(group.Key, $"{group.Key.Kind} {group.Key.Name}: every image is from the FIPS-validated build set");
            }
        }
    }

    private static string NodeOf(KubeObject snapshot) =>
        snapshot.Annotations.TryGetValue(NodeFiles.NodeAnnotation, out var n) ? n : snapshot.Name;

    private static bool Matches(string entry, ImageRef image)
    {
        var e = entry.TrimEnd('/');
        var slash = e.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return string.Equals(e, image.Registry, StringComparison.OrdinalIgnoreCase);
        }

        var full = $"{image.Registry}/{image.Repository}";
        return string.Equals(e[..slash], image.Registry, StringComparison.OrdinalIgnoreCase) &&
               (full[(slash + 1)..].Equals(e[(slash + 1)..], StringComparison.Ordinal) || full[(slash + 1)..].StartsWith(e[(slash + 1)..] + "/", StringComparison.Ordinal));
    }
}
