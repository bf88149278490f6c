namespace PhiGuard.Sources.Live;

/// <summary>A resource type that was listed from the cluster and how many objects it held.</summary>
public sealed record LoadedResource(string Group, string Version, string Resource, string Kind, bool Namespaced, int Count)
{
    /// <summary>The name kubectl uses, <c>resource.group</c> (just <c>resource</c> for the core group).</summary>
    public string QualifiedName => string.IsNullOrEmpty(Group) ? Resource : $"{Resource}.{Group}";
}
