using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Network;

/// <summary>
/// No PHI workload may reach the cloud instance metadata address 169.254.169.254 on any port, as the reachability
/// engine decides from the NetworkPolicies (the network part of the control).
/// </summary>
internal sealed class CloudMetadataBlocked : ClusterControl
{
    public override string Id => "cloud-metadata-blocked";

    public override string Title => "PHI workloads cannot reach the cloud metadata service";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S6"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy", "Deployment", "StatefulSet", "DaemonSet", "Pod"];

    public override string Rationale =>
        "The instance metadata service hands out the node's cloud credentials. A PHI pod that can reach it can take " +
        "the node's role and read disks, snapshots and buckets of PHI far beyond what the pod was granted.";

    public override string Remediation =>
        "Deny egress by default in PHI namespaces and make every egress ipBlock that covers 169.254.169.254 except it " +
        "(`except: [169.254.169.254/32]`). On the provider side require IMDSv2 with hop limit 1 (EKS) or " +
        "`GKE_METADATA` (GKE).";

    public override string Remarks =>
        "Network part: whether any port of 169.254.169.254 is reachable from each PHI workload under the " +
        "NetworkPolicies. Provider part (MetadataProviderPart): IMDSv2 `HttpTokens=required` with hop limit 1 in EKS " +
        "launch templates, `GKE_METADATA` on GKE node pools, `podLinkLocalAccess: None` on AKS, from the provider " +
        "description; not assessable when the cluster looks managed and no description is given, not judged for a " +
        "cluster that does not look managed. The control fails if either part fails.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (PhiEndpoints.Select(context, verdict) is not { } pods)
        {
            return;
        }

        var model = context.Network;

        foreach (var pod in pods)
        {
            var r = model.Reach(NetworkAddress.Of(pod), NetworkAddress.Of(NetworkAddress.CloudMetadata));
            if (!r.Allowed)
            {
                verdict.Pass(pod.Object, $"{pod.Kind} {pod.Id} cannot reach 169.254.169.254 (network part)");
                continue;
            }

            var why = r.Egress.Isolated ? $"allowed by {string.Join(", ", r.Egress.DecidedBy.Select(p => p.Id))}" : "no egress NetworkPolicy selects it";
            verdict.Fail(pod.Object, string.Empty,
                $"{pod.Kind} {pod.Id} in a PHI namespace can reach the cloud metadata address 169.254.169.254 on {string.Join(", ", r.Ports)}: {why}");
        }

        MetadataProviderPart.Check(context, verdict);
    }
}
