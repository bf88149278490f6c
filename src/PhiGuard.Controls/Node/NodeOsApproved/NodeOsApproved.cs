using System.Globalization;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Node;

/// <summary>
/// Every Node runs an approved minimal OS image (osImage on the approved list) and is either younger than
/// <c>maxNodeAgeDays</c> (immutable-node model, default 30) or runs a kernel on the approved kernel list.
/// </summary>
internal sealed class NodeOsApproved : ClusterControl
{
    /// <summary>The threshold name in phiguard.yaml <c>thresholds:</c>.</summary>
    public const string MaxAgeThreshold = "maxNodeAgeDays";

    public const double DefaultMaxAgeDays = 30;

    public override string Id => "node-os-approved";

    public override string Title => "Nodes run an approved minimal OS and are recent or on an approved kernel";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(c)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-029"];

    public override IReadOnlyList<string> Requirements => ["S4", "S8"];

    public override IReadOnlyList<string> Kinds => ["Node"];

    public override string Rationale =>
        "General-purpose node OSes carry packages, shells and long-lived drift that malicious software uses; " +
        "minimal, image-based OSes replaced on a short cycle keep every node close to a patched, known state.";

    public override string Remediation =>
        "Run node pools on an approved minimal OS (Bottlerocket, Flatcar, COS, Talos, RHCOS, AL2023 — or list yours " +
        "in phiguard.yaml approvedNodeOs) and replace nodes within maxNodeAgeDays (thresholds: {maxNodeAgeDays: N}); " +
        "where nodes live longer, patch them in place and list the approved kernels in approvedKernels.";

    public override string Remarks =>
        "osImage matches an approved entry when it starts with it, ignoring case. The node's age comes from " +
        "metadata.creationTimestamp against the scan time; a node without it, and no approved kernel, is not " +
        "assessable. kernelVersion and containerRuntimeVersion are named in every message for the record.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var nodes = context.Inventory.OfKind("", "Node").ToList();
        if (nodes.Count == 0)
        {
            verdict.NotAssessable("no Node objects are in the input: scan the live cluster or include `kubectl get nodes -o yaml`");
            return;
        }

        var approvedOs = context.Config.ApprovedNodeOs;
        var approvedKernels = context.Config.ApprovedKernels;
        var maxAge = context.Config.Threshold(MaxAgeThreshold, DefaultMaxAgeDays);
        foreach (var node in nodes)
        {
            var info = node.Json.GetPath("status.nodeInfo");
            var os = info?.GetString("osImage");
            var kernel = info?.GetString("kernelVersion");
            var runtime = info?.GetString("containerRuntimeVersion") ?? "unknown runtime";
            if (string.IsNullOrWhiteSpace(os))
            {
                verdict.NotAssessable(node, $"Node {node.Name} reports no status.nodeInfo.osImage");
                continue;
            }

            var facts = $"Node {node.Name}: '{os}', kernel {kernel ?? "unknown"}, {runtime}";
            if (!approvedOs.Any(a => os.StartsWith(a, StringComparison.OrdinalIgnoreCase)))
            {
                verdict.Fail(node, "status.nodeInfo.osImage",
                    $"{facts}: the OS image is not on the approved minimal-OS list ({string.Join(", ", approvedOs)})");
                continue;
            }

            var kernelApproved = kernel is not null && approvedKernels.Any(k => kernel.StartsWith(k, StringComparison.Ordinal));
            var age = Age(node, context.Now);
            if (kernelApproved)
            {
                verdict.Pass(node, $"{facts}: approved OS, kernel on the approved kernel list");
            }
            else if (age is null)
            {
                verdict.NotAssessable(node, $"{facts}: approved OS, but the node's age is unknown (no metadata.creationTimestamp) and its kernel is not on the approved kernel list");
            }
            else if (age.Value <= maxAge)
            {
                verdict.Pass(node, $"{facts}: approved OS, node {age.Value:0.#} days old (maxNodeAgeDays {maxAge:0.#})");
            }
            else
            {
                verdict.Fail(node, "metadata.creationTimestamp",
                    $"{facts}: node is {age.Value:0.#} days old, over maxNodeAgeDays {maxAge:0.#}, and its kernel is not on the approved kernel list: replace the node or approve the kernel");
            }
        }
    }

    private static double? Age(KubeObject node, DateTimeOffset now) =>
        node.Json.GetPath("metadata")?.GetString("creationTimestamp") is { } s &&
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? (now - created).TotalDays
            : null;
}
