using System.Text.Json.Serialization;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>
/// <c>manifest.json</c> of an exported segment: which log indexes [From, To) it holds, the signed checkpoint (tree
/// size) they are proven against with <see cref="RangeProof"/>, and the SHA-256 of every file beside it.
/// </summary>
public sealed record ExportManifest
{
    public const string CurrentFormat = "phiguard-audit-export/1";
    public const string FileName = "manifest.json";
    public const string EventsFile = "events.jsonl";
    public const string LeavesFile = "leaves.bin";
    public const string CheckpointFile = "checkpoint.note";

    [JsonPropertyName("format")]
    public required string Format { get; init; }

    [JsonPropertyName("origin")]
    public required string Origin { get; init; }

    [JsonPropertyName("from")]
    public required long From { get; init; }

    [JsonPropertyName("to")]
    public required long To { get; init; }

    [JsonPropertyName("treeSize")]
    public required long TreeSize { get; init; }

    [JsonPropertyName("newestEvent")]
    public DateTimeOffset? NewestEvent { get; init; }

    [JsonPropertyName("exportedAt")]
    public DateTimeOffset ExportedAt { get; init; }

    /// <summary>Base64 hashes completing the tree around [From, To) (see <see cref="Merkle.RangeProof"/>).</summary>
    [JsonPropertyName("rangeProof")]
    public required IReadOnlyList<string> RangeProof { get; init; }

    [JsonPropertyName("files")]
    public required IReadOnlyList<ExportFile> Files { get; init; }
}
