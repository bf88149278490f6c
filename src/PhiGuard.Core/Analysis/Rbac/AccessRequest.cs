namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// A request as the authorizer sees it: a verb on a resource (API group, resource, subresource, name) in a namespace
/// (null: a cluster-scoped request), or a verb on a non-resource URL path.
/// </summary>
public sealed record AccessRequest
{
    /// <summary>Resources of the well-known built-in API groups, so <c>deployments</c> means <c>deployments.apps</c>.</summary>
    private static readonly Dictionary<string, string> KnownGroups = new(StringComparer.Ordinal)
    {
        ["deployments"] = "apps",
        ["statefulsets"] = "apps",
        ["daemonsets"] = "apps",
        ["replicasets"] = "apps",
        ["controllerrevisions"] = "apps",
        ["jobs"] = "batch",
        ["cronjobs"] = "batch",
        ["roles"] = "rbac.authorization.k8s.io",
        ["clusterroles"] = "rbac.authorization.k8s.io",
        ["rolebindings"] = "rbac.authorization.k8s.io",
        ["clusterrolebindings"] = "rbac.authorization.k8s.io",
        ["networkpolicies"] = "networking.k8s.io",
        ["ingresses"] = "networking.k8s.io",
        ["ingressclasses"] = "networking.k8s.io",
        ["certificatesigningrequests"] = "certificates.k8s.io",
        ["validatingwebhookconfigurations"] = "admissionregistration.k8s.io",
        ["mutatingwebhookconfigurations"] = "admissionregistration.k8s.io",
        ["validatingadmissionpolicies"] = "admissionregistration.k8s.io",
        ["validatingadmissionpolicybindings"] = "admissionregistration.k8s.io",
        ["poddisruptionbudgets"] = "policy",
        ["horizontalpodautoscalers"] = "autoscaling",
        ["storageclasses"] = "storage.k8s.io",
        ["csidrivers"] = "storage.k8s.io",
        ["volumeattachments"] = "storage.k8s.io",
        ["priorityclasses"] = "scheduling.k8s.io",
        ["leases"] = "coordination.k8s.io",
        ["endpointslices"] = "discovery.k8s.io",
        ["customresourcedefinitions"] = "apiextensions.k8s.io",
        ["tokenreviews"] = "authentication.k8s.io",
        ["subjectaccessreviews"] = "authorization.k8s.io",
        ["uids"] = "authentication.k8s.io",
        ["userextras"] = "authentication.k8s.io",
    };

    public required string Verb { get; init; }

    public string Group { get; init; } = string.Empty;

    public string Resource { get; init; } = string.Empty;

    public string? Subresource { get; init; }

    public string? Name { get; init; }

    /// <summary>The namespace of the request; null for a cluster-scoped request.</summary>
    public string? Namespace { get; init; }

    /// <summary>Set for a non-resource request (<c>/healthz</c>); then the resource fields are unused.</summary>
    public string? Path { get; init; }

    public bool IsResourceRequest => Path is null;

    /// <summary>
    /// Parses <c>RESOURCE[.GROUP][/SUBRESOURCE]</c> (<c>secrets</c>, <c>pods/exec</c>, <c>deployments.apps</c>,
    /// <c>widgets.example.com/status</c>) or a non-resource path starting with <c>/</c>. A resource without a group
    /// is in the core group unless it is a well-known resource of another built-in group.
    /// </summary>
    public static AccessRequest Parse(string verb, string resource, string? name = null, string? ns = null)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.StartsWith('/'))
        {
            return new AccessRequest { Verb = verb, Path = resource };
        }

        string? sub = null;
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            sub = resource[(slash + 1)..];
            resource = resource[..slash];
        }

        var group = string.Empty;
        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            group = resource[(dot + 1)..];
            resource = resource[..dot];
        }
        else if (KnownGroups.TryGetValue(resource, out var known))
        {
            group = known;
        }

        return new AccessRequest
        {
            Verb = verb,
            Group = group,
            Resource = resource,
            Subresource = string.IsNullOrEmpty(sub) ? null : sub,
            Name = string.IsNullOrEmpty(name) ? null : name,
            Namespace = ns,
        };
    }

    /// <summary>True when the rule allows this request (exact authorizer semantics).</summary>
    public bool AllowedBy(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return IsResourceRequest
            ? rule.Allows(Verb, Group, Resource, Subresource, Name)
            : rule.AllowsNonResource(Verb, Path!);
    }

    /// <summary><c>get secrets</c>, <c>create pods/exec</c>, <c>get /healthz</c>.</summary>
    public override string ToString()
    {
        if (!IsResourceRequest)
        {
            return $"{Verb} {Path}";
        }

        var res = Group.Length == 0 ? Resource : $"{Resource}.{Group}";
        if (Subresource is not null)
        {
            res += "/" + Subresource;
        }

        return Name is null ? $"{Verb} {res}" : $"{Verb} {res} {Name}";
    }
}
