using PhiGuard.Core.Analysis.ControlPlane;

namespace PhiGuard.Core.Tests.Analysis.ControlPlane;

/// <summary>Clock state from node_exporter's Prometheus text output.</summary>
public sealed class NodeExporterClockTests
{
    [Fact]
    public void Reads_sync_status_and_offset_ignoring_other_metrics_and_comments()
    {
        var clock = NodeExporterClock.Parse("""
            # HELP node_timex_offset_seconds Time offset in between local system and reference clock.
            # TYPE node_timex_offset_seconds gauge
            node_timex_offset_seconds -0.000372
            node_timex_sync_status 1
            node_timex_maxerror_seconds 0.012
            node_load1 0.42
            """);
        Assert.NotNull(clock);
        Assert.True(clock.Synced);
        Assert.Equal(-0.000372, clock.OffsetSeconds);
        Assert.Equal("node_exporter", clock.Source);
    }

    [Fact]
    public void Labels_and_timestamps_and_exponent_notation_are_understood()
    {
        var clock = NodeExporterClock.Parse("node_timex_sync_status{instance=\"w1:9100\"} 0 1732665600000\nnode_timex_offset_seconds{instance=\"w1:9100\"} 2.5e-1\n");
        Assert.False(clock!.Synced);
        Assert.Equal(0.25, clock.OffsetSeconds);
    }

    [Fact]
    public void Missing_metrics_give_no_clock_and_a_missing_metric_stays_unknown()
    {
        Assert.Null(NodeExporterClock.Parse("node_load1 0.1\nnode_timex_sync_statusx 1\n"));
        var onlyOffset = NodeExporterClock.Parse("node_timex_offset_seconds 0.001\n");
        Assert.Null(onlyOffset!.Synced);
    }
}
