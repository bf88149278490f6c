using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhiGuard.AuditTrail.Detections;

/// <summary>
/// A condition on the request object: a dotted path (<c>*</c> walks every array item or member) that must exist,
/// equal a value, or be an object with a key starting with a prefix; it holds when any reached value does.
/// </summary>
public sealed record RequestCondition
{
    public required string Path { get; init; }

    [JsonPropertyName("equals")]
    public JsonElement? EqualsValue { get; init; }

    public bool? Exists { get; init; }

    public string? KeyPrefix { get; init; }
}
