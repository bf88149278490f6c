using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// One RBAC PolicyRule, matched exactly as the Kubernetes RBAC authorizer matches it (rbac/v1 helpers): <c>*</c>
/// in verbs, apiGroups and resources; <c>res/sub</c> and <c>*/sub</c>; resourceNames; nonResourceURLs with a
/// trailing <c>*</c>.
/// </summary>
public sealed class PolicyRule
{
    public PolicyRule(
        IReadOnlyList<string> verbs,
        IReadOnlyList<string> apiGroups,
        IReadOnlyList<string> resources,
        IReadOnlyList<string>? resourceNames = null,
        IReadOnlyList<string>? nonResourceUrls = null)
    {
        Verbs = verbs;
        ApiGroups = apiGroups;
        Resources = resources;
        ResourceNames = resourceNames ?? [];
        NonResourceUrls = nonResourceUrls ?? [];
    }

    public IReadOnlyList<string> Verbs { get; }

    public IReadOnlyList<string> ApiGroups { get; }

    public IReadOnlyList<string> Resources { get; }

    public IReadOnlyList<string> ResourceNames { get; }

    public IReadOnlyList<string> NonResourceUrls { get; }

    /// <summary>Reads a rule object; non-string items are ignored (the API server would reject them).</summary>
    public static PolicyRule Read(JsonElement rule) => new(
        Strings(rule, "verbs"), Strings(rule, "apiGroups"), Strings(rule, "resources"),
        Strings(rule, "resourceNames"), Strings(rule, "nonResourceURLs"));

    /// <summary>True when the rule allows the resource request (name null or empty: a request without a name).</summary>
    public bool Allows(string verb, string group, string resource, string? subresource, string? name) =>
        VerbMatches(verb) && GroupMatches(group) && ResourceMatches(resource, subresource) && NameMatches(name);

    /// <summary>
    /// True when the rule allows the verb on the resource for at least one object name: like <see cref="Allows"/>
    /// but a resourceNames restriction does not prevent a match. Used by controls and escalation paths, where
    /// access to one named object is still access.
    /// </summary>
    public bool AllowsSomeName(string verb, string group, string resource, string? subresource) =>
        VerbMatches(verb) && GroupMatches(group) && ResourceMatches(resource, subresource);

    /// <summary>True when the rule allows the verb on the non-resource URL path.</summary>
    public bool AllowsNonResource(string verb, string path)
    {
        if (!VerbMatches(verb))
        {
            return false;
        }

        foreach (var url in NonResourceUrls)
        {
            if (url == "*" || url == path ||
                (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    public bool VerbMatches(string verb)
    {
        foreach (var v in Verbs)
        {
            if (v == "*" || v == verb)
            {
                return true;
            }
        }

        return false;
    }

    public bool GroupMatches(string group)
    {
        foreach (var g in ApiGroups)
        {
            if (g == "*" || g == group)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The authorizer's ResourceMatches: <c>*</c> matches everything; <c>res/sub</c> matches exactly; <c>*/sub</c>
    /// matches that subresource of any resource; a plain <c>res</c> never matches a subresource.
    /// </summary>
    public bool ResourceMatches(string resource, string? subresource)
    {
        var combined = string.IsNullOrEmpty(subresource) ? resource : resource + "/" + subresource;
        foreach (var r in Resources)
        {
            if (r == "*" || r == combined)
            {
                return true;
            }

            if (!string.IsNullOrEmpty(subresource) && r.Length == subresource.Length + 2 &&
                r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool NameMatches(string? name)
    {
        if (ResourceNames.Count == 0)
        {
            return true;
        }

        foreach (var n in ResourceNames)
        {
            if (n == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when verbs, apiGroups and resources all contain <c>*</c> (the cluster-admin rule).</summary>
    public bool IsFullWildcard => Verbs.Contains("*") && ApiGroups.Contains("*") && Resources.Contains("*") && ResourceNames.Count == 0;

    /// <summary>A compact text form: <c>verbs=[get,list] apiGroups=[""] resources=[secrets]</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>(5);
        if (NonResourceUrls.Count > 0 && Resources.Count == 0)
        {
            parts.Add($"nonResourceURLs=[{string.Join(",", NonResourceUrls)}]");
        }
        else
        {
            parts.Add($"apiGroups=[{string.Join(",", ApiGroups.Select(g => g.Length == 0 ? "\"\"" : g))}]");
            parts.Add($"resources=[{string.Join(",", Resources)}]");
            if (ResourceNames.Count > 0)
            {
                parts.Add($"resourceNames=[{string.Join(",", ResourceNames)}]");
            }

            if (NonResourceUrls.Count > 0)
            {
                parts.Add($"nonResourceURLs=[{string.Join(",", NonResourceUrls)}]");
            }
        }

        parts.Insert(0, $"verbs=[{string.Join(",", Verbs)}]");
        return string.Join(" ", parts);
    }

    private static string[] Strings(JsonElement rule, string field) =>
        rule.GetArray(field).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
}
