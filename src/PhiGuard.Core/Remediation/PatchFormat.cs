namespace PhiGuard.Core.Remediation;

/// <summary>How a patch file is written and applied.</summary>
public enum PatchFormat
{
    /// <summary>No patch: every failure on the object needs a person.</summary>
    None,

    /// <summary>A strategic merge patch (YAML): <c>kubectl patch --type strategic --patch-file</c>; built-in kinds only.</summary>
    StrategicMerge,

    /// <summary>An RFC 6902 JSON patch: <c>kubectl patch --type json --patch-file</c>; for kinds the API server cannot strategic-merge.</summary>
    JsonPatch,
}
