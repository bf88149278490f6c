using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// The cluster's RBAC as the Kubernetes authorizer evaluates it: every binding with its resolved role and effective
/// rules (aggregation computed), answering who can do what, where. Built once from an inventory; read-only after.
/// </summary>
public sealed class PermissionModel
{
    public const string RbacGroup = "rbac.authorization.k8s.io";

    private readonly Dictionary<string, RbacRole> clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), RbacRole> roles;

    private PermissionModel(
        Dictionary<string, RbacRole> clusterRoles,
        Dictionary<(string, string), RbacRole> roles,
        List<RbacBinding> bindings)
    {
        this.clusterRoles = clusterRoles;
        this.roles = roles;
        Bindings = bindings;
    }

    /// <summary>Every RoleBinding and ClusterRoleBinding, ClusterRoleBindings first, each group sorted by namespace and name.</summary>
    public IReadOnlyList<RbacBinding> Bindings { get; }

    /// <summary>Bindings whose role does not exist: they grant nothing.</summary>
    public IEnumerable<RbacBinding> DanglingBindings => Bindings.Where(b => b.Resolution == RoleResolution.Missing);

    /// <summary>Bindings to a Kubernetes default ClusterRole that the input does not contain (rules unknown).</summary>
    public IEnumerable<RbacBinding> UnresolvedBuiltInBindings => Bindings.Where(b => b.Resolution == RoleResolution.BuiltInNotInInput);

    public IEnumerable<RbacRole> Roles => clusterRoles.Values.Concat(roles.Values);

    public RbacRole? FindClusterRole(string name) => clusterRoles.GetValueOrDefault(name);

    public RbacRole? FindRole(string ns, string name) => roles.GetValueOrDefault((ns, name));

    /// <summary>Builds the model from the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of the inventory.</summary>
    public static PermissionModel Build(Inventory.Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var clusterRoles = new Dictionary<string, RbacRole>(StringComparer.Ordinal);
        var aggregated = new List<(RbacRole Role, LabelSelector[] Selectors)>();
        foreach (var o in inventory.OfKind(RbacGroup, "ClusterRole"))
        {
            var role = new RbacRole("ClusterRole", null, o.Name, o, ReadRules(o));
            if (!clusterRoles.TryAdd(o.Name, role))
            {
                continue;
            }

            // The aggregation controller owns the rules of an aggregated role; in manifests they are empty until it
            // runs, so compute them as it would. A live role already carries the controller's result.
            if (role.Rules.Count == 0 && o.Json.GetObject("aggregationRule") is { } agg)
            {
                aggregated.Add((role, agg.GetArray("clusterRoleSelectors").Select(s => LabelSelector.Parse(s)).ToArray()));
            }
        }

        ResolveAggregation(clusterRoles, aggregated);
        if (!clusterRoles.ContainsKey("cluster-admin"))
        {
            clusterRoles["cluster-admin"] = BuiltInRoles.ClusterAdmin();
        }

        var roles = new Dictionary<(string, string), RbacRole>();
        foreach (var o in inventory.OfKind(RbacGroup, "Role"))
        {
            var ns = o.Namespace ?? "default";
            roles.TryAdd((ns, o.Name), new RbacRole("Role", ns, o.Name, o, ReadRules(o)));
        }

        var bindings = new List<RbacBinding>();
        foreach (var kind in new[] { "ClusterRoleBinding", "RoleBinding" })
        {
            foreach (var o in inventory.OfKind(RbacGroup, kind)
                         .OrderBy(b => b.Namespace ?? string.Empty, StringComparer.Ordinal)
                         .ThenBy(b => b.Name, StringComparer.Ordinal))
            {
                bindings.Add(ReadBinding(o, clusterRoles, roles));
            }
        }

        return new PermissionModel(clusterRoles, roles, bindings);
    }

    /// <summary>
    /// The grants that allow <paramref name="request"/>, exactly as the authorizer decides: ClusterRoleBindings for
    /// any request; RoleBindings only for a resource request in their own namespace. With
    /// <paramref name="allNamespaces"/>, RoleBindings of every namespace count (the request's namespace is ignored).
    /// </summary>
    public IEnumerable<Grant> GrantsFor(AccessRequest request, bool allNamespaces = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var b in Bindings)
        {
            if (b.Role is null)
            {
                continue;
            }

            if (b.Namespace is not null && (!request.IsResourceRequest || (!allNamespaces && b.Namespace != request.Namespace)))
            {
                continue;
            }

            for (var r = 0; r < b.Role.Rules.Count; r++)
            {
                if (!request.AllowedBy(b.Role.Rules[r]))
                {
                    continue;
                }

                for (var s = 0; s < b.Subjects.Count; s++)
                {
                    if (b.Subjects[s] is { } subject)
                    {
                        yield return new Grant(subject, s, b, b.Role, b.Role.Rules[r], r);
                    }
                }

                break;
            }
        }
    }

    /// <summary>Who can: the subjects (as bindings name them) that are granted the request, each with every grant.</summary>
    public IReadOnlyList<SubjectGrants> WhoCan(AccessRequest request, bool allNamespaces = false) =>
        GrantsFor(request, allNamespaces)
            .GroupBy(g => g.Subject)
            .OrderBy(g => g.Key, RbacSubject.Order)
            .Select(g => new SubjectGrants(g.Key, g.ToList()))
            .ToList();

    /// <summary>The authorizer's decision for an identity: the first grant that allows the request, or null (denied).</summary>
    public Grant? Authorize(RbacIdentity identity, AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(request);
        return GrantsFor(request).FirstOrDefault(g => identity.IsCoveredBy(g.Subject) && CoversInBinding(identity, g));
    }

    /// <summary>Every grant that applies to the identity, in every namespace (its effective rules).</summary>
    public IEnumerable<Grant> GrantsOf(RbacIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var b in Bindings)
        {
            if (b.Role is null)
            {
                continue;
            }

            for (var s = 0; s < b.Subjects.Count; s++)
            {
                if (b.Subjects[s] is not { } subject || !identity.IsCoveredBy(subject))
                {
                    continue;
                }

                for (var r = 0; r < b.Role.Rules.Count; r++)
                {
                    yield return new Grant(subject, s, b, b.Role, b.Role.Rules[r], r);
                }

                break;
            }
        }
    }

    /// <summary>
    /// Every grant (any subject) whose rule allows the verb on the resource for some object name, in namespace
    /// <paramref name="ns"/> (null: cluster-wide grants only). For controls: access to one named object is access.
    /// </summary>
    public IEnumerable<Grant> GrantsAllowingSomeName(string verb, string group, string resource, string? subresource, string? ns)
    {
        foreach (var b in Bindings)
        {
            if (b.Role is null || !b.GrantsIn(ns))
            {
                continue;
            }

            for (var r = 0; r < b.Role.Rules.Count; r++)
            {
                if (!b.Role.Rules[r].AllowsSomeName(verb, group, resource, subresource))
                {
                    continue;
                }

                for (var s = 0; s < b.Subjects.Count; s++)
                {
                    if (b.Subjects[s] is { } subject)
                    {
                        yield return new Grant(subject, s, b, b.Role, b.Role.Rules[r], r);
                    }
                }

                break;
            }
        }
    }

    private static bool CoversInBinding(RbacIdentity identity, Grant grant) => identity.IsCoveredBy(grant.Subject);

    private static PolicyRule[] ReadRules(KubeObject o) => o.Json.GetArray("rules").Select(PolicyRule.Read).ToArray();

    private static RbacBinding ReadBinding(
        KubeObject o, Dictionary<string, RbacRole> clusterRoles, Dictionary<(string, string), RbacRole> roles)
    {
        var roleRef = o.Json.GetObject("roleRef");
        var roleKind = roleRef?.GetString("kind") ?? string.Empty;
        var roleName = roleRef?.GetString("name") ?? string.Empty;
        var isRoleBinding = o.Kind == "RoleBinding";
        var bindingNs = isRoleBinding ? o.Namespace ?? "default" : null;
        var subjects = new List<RbacSubject?>();
        foreach (var s in o.Json.GetArray("subjects"))
        {
            var kind = s.GetString("kind");
            var name = s.GetString("name");
            if (name is null || kind is not (RbacSubject.User or RbacSubject.Group or RbacSubject.ServiceAccount))
            {
                subjects.Add(null);
                continue;
            }

            // The authorizer defaults a service account's namespace to the RoleBinding's; a ClusterRoleBinding's
            // service account without one matches nobody.
            var ns = kind == RbacSubject.ServiceAccount ? s.GetString("namespace") is { Length: > 0 } n ? n : bindingNs : null;
            subjects.Add(new RbacSubject(kind, name, ns));
        }

        var binding = new RbacBinding(o, roleKind, roleName, subjects);
        RbacRole? role = roleKind switch
        {
            "ClusterRole" => clusterRoles.GetValueOrDefault(roleName),
            "Role" when isRoleBinding => roles.GetValueOrDefault((bindingNs!, roleName)),
            _ => null,
        };
        binding.Role = role;
        binding.Resolution = role is not null ? RoleResolution.Resolved
            : roleKind == "ClusterRole" && BuiltInRoles.IsDefaultClusterRole(roleName) ? RoleResolution.BuiltInNotInInput
            : RoleResolution.Missing;
        return binding;
    }

    /// <summary>
    /// The aggregation controller's result: for each selector in order, the selected ClusterRoles sorted by name (never
    /// the role itself), their rules appended unless an equal rule is already there. An aggregated role that selects
    /// another aggregated role takes that role's computed rules (resolved first, depth-first; in a cycle, the rules
    /// computed so far), which is where the controller's repeated passes settle.
    /// </summary>
    private static void ResolveAggregation(Dictionary<string, RbacRole> clusterRoles, List<(RbacRole Role, LabelSelector[] Selectors)> aggregated)
    {
        if (aggregated.Count == 0)
        {
            return;
        }

        var sorted = clusterRoles.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        var pending = aggregated.ToDictionary(a => a.Role, a => a.Selectors);
        var state = new Dictionary<RbacRole, bool>(); // false: in progress, true: done
        foreach (var (role, _) in aggregated)
        {
            Resolve(role);
        }

        void Resolve(RbacRole role)
        {
            if (state.ContainsKey(role))
            {
                return;
            }

            state[role] = false;
            var rules = new List<PolicyRule>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var from = new List<string>();
            foreach (var selector in pending[role])
            {
                foreach (var source in sorted)
                {
                    if (source == role || source.Object is null || !selector.Matches(source.Object.Labels))
                    {
                        continue;
                    }

                    if (pending.ContainsKey(source))
                    {
                        Resolve(source);
                    }

                    if (!from.Contains(source.Name))
                    {
                        from.Add(source.Name);
                    }

                    foreach (var rule in source.Rules)
                    {
                        if (seen.Add(RuleKey(rule)))
                        {
                            rules.Add(rule);
                        }
                    }
                }
            }

            role.Rules = rules;
            role.AggregatedFrom = from;
            state[role] = true;
        }
    }

    /// <summary>A structural key: two rules with equal keys are equal (the controller's ruleExists).</summary>
    private static string RuleKey(PolicyRule r) =>
        string.Join("\u0001", string.Join("\u0002", r.Verbs), string.Join("\u0002", r.ApiGroups), string.Join("\u0002", r.Resources),
            string.Join("\u0002", r.ResourceNames), string.Join("\u0002", r.NonResourceUrls));

    internal static JsonElement? RoleRef(KubeObject o) => o.Json.GetObject("roleRef");
}
