using System.Text.Json.Serialization;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// A node's clock synchronisation as its time daemon reports it (chrony <c>tracking</c>, systemd-timesyncd,
/// or the kernel's <c>adjtimex</c> state that node_exporter's <c>node_timex_*</c> metrics expose).
/// </summary>
public sealed record NodeClockFacts
{
    /// <summary>Where the figures came from: <c>chrony</c>, <c>timesyncd</c>, <c>ntpd</c>, <c>adjtimex</c>.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>True when the daemon (or the kernel, <c>node_timex_sync_status</c> = 1) reports the clock synchronised.</summary>
    [JsonPropertyName("synced")]
    public bool? Synced { get; init; }

    /// <summary>The clock's offset from its reference in seconds (signed; <c>node_timex_offset_seconds</c>).</summary>
    [JsonPropertyName("offsetSeconds")]
    public double? OffsetSeconds { get; init; }

    /// <summary>The reference the clock follows (server name or refclock), for the report.</summary>
    [JsonPropertyName("reference")]
    public string? Reference { get; init; }
}
