using System.Text.Json.Serialization;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>One file of an export as the manifest records it: name, size and lowercase hex SHA-256.</summary>
public sealed record ExportFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);
