using System.Text.Json.Nodes;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// Everything suggested for one failing object: one patch merging the changes of every control that has a
/// mechanical fix, the controls it makes pass, and the failures left for a person.
/// </summary>
public sealed record ObjectRemediation
{
    public required ObjectRef Object { get; init; }

    /// <summary>Where the object was read from (file and line, or the cluster).</summary>
    public SourceLocation? Location { get; init; }

    public required PatchFormat Format { get; init; }

    /// <summary>The patch file's name (<c>deployment.ehr.api.patch.yaml</c>), null when there is no patch.</summary>
    public string? FileName { get; init; }

    /// <summary>The patch: a strategic merge document (a map) or JSON patch operations (a list); null when none.</summary>
    public JsonNode? Patch { get; init; }

    public required IReadOnlyList<PlannedChange> Changes { get; init; }

    /// <summary>Controls whose every failure on this object the patch fixes.</summary>
    public required IReadOnlyList<string> ControlsFixed { get; init; }

    /// <summary>Controls the patch fixes only in part (some failures stay manual).</summary>
    public required IReadOnlyList<string> ControlsPartlyFixed { get; init; }

    public required IReadOnlyList<ManualItem> Manual { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }
}
