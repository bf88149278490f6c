namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>
/// One rule of an <c>audit.k8s.io/v1</c> Policy. A rule matches a request when every field it sets matches (empty
/// fields match anything), exactly as the API server's policy checker decides.
/// </summary>
public sealed record AuditRule
{
    public required int Index { get; init; }

    public required AuditLevel Level { get; init; }

    public IReadOnlyList<string> Users { get; init; } = [];

    public IReadOnlyList<string> UserGroups { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = [];

    public IReadOnlyList<AuditGroupResources> Resources { get; init; } = [];

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public IReadOnlyList<string> NonResourceUrls { get; init; } = [];

    public IReadOnlyList<string> OmitStages { get; init; } = [];

    /// <summary>True when the rule sets no selector at all: it matches every request.</summary>
    public bool IsCatchAll => Users.Count == 0 && UserGroups.Count == 0 && Verbs.Count == 0 && Resources.Count == 0 &&
                              Namespaces.Count == 0 && NonResourceUrls.Count == 0;

    public bool Matches(AuditRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Users.Count > 0 && (request.User is null || !Users.Contains(request.User, StringComparer.Ordinal)))
        {
            return false;
        }

        if (UserGroups.Count > 0 && (request.User is null || !request.Groups.Any(g => UserGroups.Contains(g, StringComparer.Ordinal))))
        {
            return false;
        }

        if (Verbs.Count > 0 && !Verbs.Contains(request.Verb, StringComparer.Ordinal))
        {
            return false;
        }

        // As in the API server: namespaces or resources make it a resource rule, and nonResourceURLs are then ignored.
        if (Namespaces.Count > 0 || Resources.Count > 0)
        {
            return MatchesResource(request);
        }

        if (NonResourceUrls.Count > 0)
        {
            return !request.IsResourceRequest && NonResourceUrls.Any(spec => PathMatches(request.Path ?? string.Empty, spec));
        }

        return true;
    }

    private static bool PathMatches(string path, string spec) =>
        spec == "*" || spec == path || (spec.EndsWith('*') && path.StartsWith(spec.TrimEnd('*'), StringComparison.Ordinal));

    private bool MatchesResource(AuditRequest request)
    {
        if (!request.IsResourceRequest)
        {
            return false;
        }

        // Cluster-scoped requests carry the empty namespace, so only a rule listing "" matches them.
        if (Namespaces.Count > 0 && !Namespaces.Contains(request.Namespace, StringComparer.Ordinal))
        {
            return false;
        }

        if (Resources.Count == 0)
        {
            return true;
        }

        var resource = request.Resource!;
        var sub = request.Subresource;
        var combined = sub.Length > 0 ? resource + "/" + sub : resource;
        foreach (var gr in Resources)
        {
            if (!string.Equals(gr.Group, request.ApiGroup, StringComparison.Ordinal))
            {
                continue;
            }

            if (gr.Resources.Count == 0)
            {
                return true;
            }

            if (gr.ResourceNames.Count > 0 && !gr.ResourceNames.Contains(request.Name, StringComparer.Ordinal))
            {
                continue;
            }

            foreach (var res in gr.Resources)
            {
                if (res == combined || res == "*" ||
                    (sub.Length > 0 && res.StartsWith("*/", StringComparison.Ordinal) && res[2..] == sub) ||
                    (res.EndsWith("/*", StringComparison.Ordinal) && res[..^2] == resource))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
