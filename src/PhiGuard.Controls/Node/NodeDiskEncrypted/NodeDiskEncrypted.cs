using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Node;

/// <summary>
/// The root and container-data disks of the nodes that run PHI pods are encrypted: LUKS/dm-crypt under
/// <c>/</c>, <c>/var/lib/kubelet</c>, <c>/var/lib/containerd</c> and <c>/var/log</c> (node facts), or the managed
/// provider's node-disk encryption (EKS launch templates/EBS default, GKE <c>bootDiskKmsKey</c>, AKS encryption at host).
/// </summary>
internal sealed class NodeDiskEncrypted : ClusterControl
{
    /// <summary>Paths whose backing disk must be encrypted: root, emptyDir and volumes, image layers, container logs.</summary>
    public static readonly IReadOnlyList<string> DataPaths = ["/", "/var/lib/kubelet", "/var/lib/containerd", "/var/log"];

    public override string Id => "node-disk-encrypted";

    public override string Title => "Node root and container-data disks are encrypted";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.310(d)(1)", "164.312(a)(2)(iv)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-076", "hipaa-089"];

    public override IReadOnlyList<string> Requirements => ["S17"];

    public override IReadOnlyList<string> Kinds => ["Node", "Pod", "NodeSnapshot", ProviderDescription.Kind];

    public override string Rationale =>
        "emptyDir volumes, container image layers, writable layers and container logs of PHI pods live on the node's " +
        "disks; unencrypted, a discarded, snapshotted or stolen disk discloses ePHI and the loss is a reportable breach.";

    public override string Remediation =>
        "Self-managed: put /var/lib/kubelet, /var/lib/containerd and /var/log (and /) on LUKS2 volumes. EKS: launch " +
        "templates with `Ebs.Encrypted: true` (or account EBS encryption-by-default). GKE: node pools with " +
        "`bootDiskKmsKey`. AKS: agent pools with `enableEncryptionAtHost: true`.";

    public override string Remarks =>
        "Nodes in scope are those that PHI pods are scheduled on (spec.nodeName); when no PHI pod is placed on a node " +
        "in the input, every node is judged. Self-managed nodes are judged from phiguard/node-facts.json disks (the " +
        "disk holding a path is the one with the longest mount prefix); a node without disk facts is not assessable. " +
        "A managed cluster is judged per node group from its provider description; without one it is not assessable. " +
        "GKE without bootDiskKmsKey fails: Google's default encryption cannot be shown from the description, record it " +
        "as a waiver if accepted. EKS provider files may add describe-nodegroup, describe-launch-template-versions and " +
        "get-ebs-encryption-by-default output beside `cluster` (docs/node-snapshots.md).";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        var set = new NodeFactSet(view);
        var judged = false;
        if (view.Provider is { } provider)
        {
            judged = true;
            foreach (var a in ProviderNodeSettings.DiskEncryption(provider))
            {
                Record(verdict, provider.Object, a);
            }
        }

        var phiNodes = context.Inventory.OfKind("", "Pod")
            .Where(p => context.Scope.IsPhi(p.Namespace))
            .Select(p => p.Json.GetPath("spec")?.GetString("nodeName"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var scope = phiNodes.Count > 0 ? phiNodes.Order(StringComparer.Ordinal).ToArray() : set.Names;
        foreach (var name in scope)
        {
            var facts = set.Of(name)?.Facts;
            if (facts?.Disks is null)
            {
                // A managed node pool already judged from the description needs no node facts.
                if (view.Provider is null)
                {
                    judged = true;
                    verdict.NotAssessable(set.ObjectOf(name), view.ManagedProvider is { } m
                        ? $"node {name}: {m.ToUpperInvariant()} node disks are not visible without the provider description (--provider FILE) or node facts"
                        : $"node {name}: no disk facts (phiguard/node-facts.json disks) in its snapshot: collect them with `phiguard node collect`");
                }

                continue;
            }

            judged = true;
            JudgeDisks(verdict, set.ObjectOf(name), name, facts);
        }

        if (!judged)
        {
            verdict.NotAssessable(view.ManagedProvider is { } mp
                ? $"{mp.ToUpperInvariant()} cluster without its provider description or node facts: node disks are not visible"
                : "no node disk facts and no provider description in the input: collect node snapshots with `phiguard node collect`");
        }
    }

    private static void JudgeDisks(ClusterVerdict verdict, KubeObject? obj, string name, NodeFacts facts)
    {
        var disks = facts.Disks!;
        foreach (var path in DataPaths)
        {
            var disk = facts.DiskHolding(path);
            if (disk is null)
            {
                verdict.NotAssessable(obj, $"node {name}: no listed disk holds {path}");
                continue;
            }

            var index = IndexOf(disks, disk);
            var field = $"spec.facts.disks[{index}].encrypted";
            switch (disk.Encrypted)
            {
                case true:
                    verdict.Pass(obj, $"node {name}: {path} is on {disk.Device ?? disk.Mount} ({disk.Type ?? "encrypted"})");
                    break;
                case false:
                    verdict.Fail(obj, field, $"node {name}: {path} is on unencrypted {disk.Device ?? "device"} mounted at {disk.Mount} ({disk.FsType ?? "unknown fs"})");
                    break;
                default:
                    verdict.NotAssessable(obj, $"node {name}: whether {disk.Device ?? disk.Mount} (holding {path}) is encrypted was not observed");
                    break;
            }
        }
    }

    private static int IndexOf(IReadOnlyList<NodeDiskFacts> disks, NodeDiskFacts disk)
    {
        for (var i = 0; i < disks.Count; i++)
        {
            if (ReferenceEquals(disks[i], disk))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Record(ClusterVerdict verdict, KubeObject obj, ProviderAssessment a)
    {
        switch (a.Status)
        {
            case Status.Pass:
                verdict.Pass(obj, a.Message);
                break;
            case Status.Fail:
                verdict.Fail(obj, a.Path, a.Message);
                break;
            default:
                verdict.NotAssessable(obj, a.Message);
                break;
        }
    }
}
