using System.Text.Json.Nodes;

namespace PhiGuard.Core.Remediation;

/// <summary>Sets the field at <see cref="Path"/> to <see cref="Value"/>, or removes it when the value is null; with the reason.</summary>
public sealed record PatchChange(PatchPath Path, JsonNode? Value, string Why)
{
    /// <summary>The value as compact JSON (<c>null</c> for a removal), for comparisons and the index.</summary>
    public string ValueText => Value?.ToJsonString() ?? "null";
}
