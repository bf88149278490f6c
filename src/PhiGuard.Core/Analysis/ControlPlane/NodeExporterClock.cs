using System.Globalization;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// Reads a node's clock state from node_exporter's Prometheus text output (<c>node_timex_sync_status</c> 1 =
/// synchronised, <c>node_timex_offset_seconds</c>), for snapshots that carry <c>phiguard/node-exporter.prom</c>
/// instead of, or besides, collected clock facts.
/// </summary>
public static class NodeExporterClock
{
    /// <summary>The file's path inside a node snapshot folder.</summary>
    public const string FileName = "phiguard/node-exporter.prom";

    /// <summary>The clock facts the metrics state, or null when neither metric is present.</summary>
    public static NodeClockFacts? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        double? sync = null;
        double? offset = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // "name{labels} value [timestamp]": the name ends at '{' or the first space.
            var end = line.IndexOfAny(['{', ' ', '\t']);
            if (end <= 0)
            {
                continue;
            }

            var name = line[..end];
            if (name is not ("node_timex_sync_status" or "node_timex_offset_seconds"))
            {
                continue;
            }

            var rest = line[end..];
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                rest = close < 0 ? string.Empty : rest[(close + 1)..];
            }

            var fields = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                continue;
            }

            if (name == "node_timex_sync_status")
            {
                sync = value;
            }
            else
            {
                offset = value;
            }
        }

        return sync is null && offset is null
            ? null
            : new NodeClockFacts { Source = "node_exporter", Synced = sync is null ? null : sync.Value == 1, OffsetSeconds = offset };
    }
}
