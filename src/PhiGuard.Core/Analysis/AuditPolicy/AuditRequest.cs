namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>
/// The attributes of a request the audit policy is evaluated against. A resource request names a resource (and
/// optionally group, subresource, namespace and name); a non-resource request names a path. A null user is a
/// request whose authentication failed.
/// </summary>
public sealed record AuditRequest
{
    public string? User { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public required string Verb { get; init; }

    public string ApiGroup { get; init; } = string.Empty;

    public string? Resource { get; init; }

    public string Subresource { get; init; } = string.Empty;

    /// <summary>The namespace; empty for cluster-scoped resources (as the API server passes it).</summary>
    public string Namespace { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>The URL path of a non-resource request (<c>/healthz</c>).</summary>
    public string? Path { get; init; }

    public bool IsResourceRequest => Resource is not null;

    /// <summary>Parses <c>resource[.group][/subresource]</c> (<c>deployments.apps</c>, <c>pods/exec</c>).</summary>
    public static (string Resource, string Group, string Subresource) ParseResource(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var head = slash < 0 ? text : text[..slash];
        var sub = slash < 0 ? string.Empty : text[(slash + 1)..];
        var dot = head.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (head, string.Empty, sub) : (head[..dot], head[(dot + 1)..], sub);
    }

    public override string ToString()
    {
        if (!IsResourceRequest)
        {
            return $"{Verb} {Path}";
        }

        var r = Resource + (ApiGroup.Length > 0 ? "." + ApiGroup : string.Empty) + (Subresource.Length > 0 ? "/" + Subresource : string.Empty);
        return $"{Verb} {r}" + (Namespace.Length > 0 ? $" in {Namespace}" : string.Empty) + (User is null ? " (unauthenticated)" : $" by {User}");
    }
}
