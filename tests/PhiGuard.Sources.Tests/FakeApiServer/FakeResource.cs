namespace PhiGuard.Testing;

/// <summary>
/// A resource type the fake API server announces in discovery and serves lists of. Subresources are named with a
/// slash (<c>pods/log</c>) as in real discovery.
/// </summary>
public sealed record FakeResource(string Group, string Version, string Name, string Kind, bool Namespaced, IReadOnlyList<string> Verbs)
{
    /// <summary>
    /// True for custom resources: their list items carry apiVersion and kind, as the API server's unstructured lists
    /// do; built-in lists leave them out.
    /// </summary>
    public bool ItemsCarryTypeMeta { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public bool IsSubresource => Name.Contains('/', StringComparison.Ordinal);
}
