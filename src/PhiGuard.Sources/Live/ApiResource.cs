namespace PhiGuard.Sources.Live;

/// <summary>A listable resource type found by discovery (one group, its preferred version).</summary>
internal sealed record ApiResource(string Group, string Version, string Name, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The URL prefix of the group version: <c>/api/v1</c> or <c>/apis/group/version</c>.</summary>
    public string BasePath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    public string QualifiedName => Group.Length == 0 ? Name : $"{Name}.{Group}";

    /// <summary>Core Secrets: listed as metadata only, and kept without any value.</summary>
    public bool IsSecret => Group.Length == 0 && Name == "secrets";
}
