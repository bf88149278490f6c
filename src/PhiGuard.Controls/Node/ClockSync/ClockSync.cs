using System.Globalization;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Node;

/// <summary>Every node's clock is synchronised and within 100 ms of its reference, as the node collector observed it.</summary>
internal sealed class ClockSync : ClusterControl
{
    /// <summary>The largest tolerated absolute offset, in seconds.</summary>
    public const double MaxOffsetSeconds = 0.1;

    public override string Id => "clock-sync";

    public override string Title => "Node clocks are synchronised within 100 ms";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(b)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-092"];

    public override IReadOnlyList<string> Requirements => ["S32"];

    public override IReadOnlyList<string> Kinds => ["Node", "NodeSnapshot"];

    public override string Rationale =>
        "Audit records from the API server, kubelets and applications are only evidence when their timestamps can be " +
        "put in one order; unsynchronised clocks break the timeline an investigation of ePHI access depends on.";

    public override string Remediation =>
        "Run chrony or systemd-timesyncd against the provider's time service (169.254.169.123 on AWS, " +
        "metadata.google.internal on GCP) or your NTP servers on every node; alert on node_timex_sync_status = 0 and " +
        "|node_timex_offset_seconds| ≥ 0.1.";

    public override string Remarks =>
        "Read from phiguard/node-facts.json (clock.synced, clock.offsetSeconds) in each node snapshot, which a collector " +
        "fills from chrony or the kernel's adjtimex state, or else from node_exporter metrics given in the snapshot as " +
        "phiguard/node-exporter.prom (node_timex_sync_status, node_timex_offset_seconds). A node known only as a Node " +
        "object, or whose facts lack the clock, is not assessable; managed control planes' clocks are the provider's " +
        "and are not judged.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var set = new NodeFactSet(ControlPlaneView.Of(context.Inventory));
        if (set.Names.Count == 0)
        {
            verdict.NotAssessable("no nodes in the input: collect node facts with `phiguard node collect` and give them with --node-snapshot");
            return;
        }

        foreach (var name in set.Names)
        {
            var obj = set.ObjectOf(name);
            if (set.Of(name) is not { Facts.Clock: { } clock })
            {
                verdict.NotAssessable(obj, $"node {name}: no clock facts (phiguard/node-facts.json clock) in its snapshot: collect them with `phiguard node collect`");
                continue;
            }

            var from = clock.Source is { } s ? $" ({s}{(clock.Reference is { } r ? ", reference " + r : string.Empty)})" : string.Empty;
            if (clock.Synced == false)
            {
                verdict.Fail(obj, "spec.facts.clock.synced", $"node {name}: clock is not synchronised{from}");
            }
            else if (clock.Synced is null || clock.OffsetSeconds is null)
            {
                verdict.NotAssessable(obj, $"node {name}: clock facts lack {(clock.Synced is null ? "synced" : "offsetSeconds")}{from}");
            }
            else if (Math.Abs(clock.OffsetSeconds.Value) >= MaxOffsetSeconds)
            {
                verdict.Fail(obj, "spec.facts.clock.offsetSeconds",
                    $"node {name}: clock offset {Ms(clock.OffsetSeconds.Value)} ms{from}, at or over the 100 ms limit");
            }
            else
            {
                verdict.Pass(obj, $"node {name}: synchronised, offset {Ms(clock.OffsetSeconds.Value)} ms{from}");
            }
        }
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
