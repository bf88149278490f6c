using System.Text.Json;
using System.Text.Json.Serialization;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// What a node collector observed on one node that no configuration file states — disk encryption, FIPS mode,
/// clock synchronisation, OS release — written as <c>phiguard/node-facts.json</c> in a node snapshot
/// (schema <c>phiguard.io/node-facts/v1</c>, documented in docs/node-snapshots.md). A null field means "not
/// observed", which controls report as not assessable, never as a pass.
/// </summary>
public sealed record NodeFacts
{
    /// <summary>The schema id every file carries.</summary>
    public const string SchemaV1 = "phiguard.io/node-facts/v1";

    /// <summary>The file's path inside a node snapshot folder.</summary>
    public const string FileName = "phiguard/node-facts.json";

    /// <summary>Where a NodeSnapshot object carries the facts (<c>spec.facts</c>).</summary>
    public const string SnapshotField = "facts";

    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaV1;

    /// <summary>The node's name as Kubernetes knows it (the Node object's name).</summary>
    [JsonPropertyName("node")]
    public string? Node { get; init; }

    /// <summary>When the collector ran (RFC 3339, UTC).</summary>
    [JsonPropertyName("collectedAt")]
    public DateTimeOffset? CollectedAt { get; init; }

    /// <summary>From <c>/etc/os-release</c>.</summary>
    [JsonPropertyName("os")]
    public NodeOsFacts? Os { get; init; }

    /// <summary><c>uname -r</c> (or <c>/proc/sys/kernel/osrelease</c>).</summary>
    [JsonPropertyName("kernelRelease")]
    public string? KernelRelease { get; init; }

    /// <summary><c>/proc/sys/crypto/fips_enabled</c> = 1.</summary>
    [JsonPropertyName("fipsEnabled")]
    public bool? FipsEnabled { get; init; }

    /// <summary>
    /// The filesystems backing at least <c>/</c>, <c>/var/lib/kubelet</c>, <c>/var/lib/containerd</c> (and
    /// <c>/var/lib/docker</c>, <c>/var/log</c> when separate mounts); null when the collector could not look.
    /// </summary>
    [JsonPropertyName("disks")]
    public IReadOnlyList<NodeDiskFacts>? Disks { get; init; }

    /// <summary>Clock synchronisation state; null when not observed.</summary>
    [JsonPropertyName("clock")]
    public NodeClockFacts? Clock { get; init; }

    /// <summary>Reads facts from JSON text; throws <see cref="JsonException"/> (with line and position) on bad input.</summary>
    public static NodeFacts Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var facts = JsonSerializer.Deserialize(json, NodeFactsJsonContext.Default.NodeFacts)
                    ?? throw new JsonException("node facts: expected a JSON object, got null");
        return facts.Schema == SchemaV1
            ? facts
            : throw new JsonException($"node facts: unsupported schema '{facts.Schema}' (expected {SchemaV1})");
    }

    /// <summary>The facts a NodeSnapshot object carries in <c>spec.facts</c>, or null when it has none or they are malformed.</summary>
    public static NodeFacts? Of(KubeObject snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Json.GetPath("spec." + SnapshotField) is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        try
        {
            return e.Deserialize(NodeFactsJsonContext.Default.NodeFacts);
        }
        catch (JsonException)
        {
            // The loader validated the file; an object built by hand with a wrong shape counts as "no facts".
            return null;
        }
    }

    /// <summary>The facts as indented JSON, as a collector writes them.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, NodeFactsJsonContext.Default.NodeFacts);

    /// <summary>
    /// The disk whose mount point is the longest prefix of <paramref name="path"/> (the filesystem that holds it),
    /// or null when no listed mount covers it.
    /// </summary>
    public NodeDiskFacts? DiskHolding(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        NodeDiskFacts? best = null;
        foreach (var d in Disks ?? [])
        {
            var mount = d.Mount.Length > 1 ? d.Mount.TrimEnd('/') : d.Mount;
            var covers = mount == "/" || path == mount || path.StartsWith(mount + "/", StringComparison.Ordinal);
            if (covers && (best is null || mount.Length > best.Mount.TrimEnd('/').Length))
            {
                best = d;
            }
        }

        return best;
    }
}
