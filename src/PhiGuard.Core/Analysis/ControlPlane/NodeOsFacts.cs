using System.Text.Json.Serialization;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>The OS release of a node as <c>/etc/os-release</c> states it (ID, VERSION_ID, PRETTY_NAME).</summary>
public sealed record NodeOsFacts
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("versionId")]
    public string? VersionId { get; init; }

    [JsonPropertyName("prettyName")]
    public string? PrettyName { get; init; }
}
