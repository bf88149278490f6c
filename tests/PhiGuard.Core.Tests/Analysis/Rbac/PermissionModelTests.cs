using PhiGuard.Core.Analysis.Rbac;
using static PhiGuard.Core.Tests.Support.Rbac;

namespace PhiGuard.Core.Tests.Analysis.Rbac;

/// <summary>
/// The permission model decides as the Kubernetes RBAC authorizer does (rbac/v1 helpers and the authorizer's
/// binding visits); each test pins one rule.
/// </summary>
public sealed class PermissionModelTests
{
    private static readonly RbacIdentity Alice = RbacIdentity.For(new RbacSubject("User", "alice"));

    private static bool Can(PermissionModel model, RbacIdentity who, string verb, string resource, string? ns, string? name = null) =>
        model.Authorize(who, AccessRequest.Parse(verb, resource, name, ns)) is not null;

    private static PermissionModel Model(params string[] objects) => PermissionModel.Build(PhiGuard.Core.Tests.Support.Rbac.Inventory(objects));

    private static PermissionModel AliceClusterWide(params System.Text.Json.Nodes.JsonObject[] rules) =>
        Model(ClusterRole("r", rules), ClusterRoleBinding("b", "r", User("alice")));

    [Fact]
    public void Verb_star_matches_every_verb_and_a_named_verb_only_itself()
    {
        var star = AliceClusterWide(Rule(S("*"), S(""), S("pods")));
        Assert.True(Can(star, Alice, "delete", "pods", "ns"));
        Assert.True(Can(star, Alice, "escalate", "pods", null));
        var get = AliceClusterWide(Rule(S("get"), S(""), S("pods")));
        Assert.True(Can(get, Alice, "get", "pods", "ns"));
        Assert.False(Can(get, Alice, "list", "pods", "ns"));
    }

    [Fact]
    public void ApiGroups_star_matches_any_group_and_the_core_group_is_the_empty_string()
    {
        var core = AliceClusterWide(Rule(S("get"), S(""), S("deployments", "pods")));
        Assert.True(Can(core, Alice, "get", "pods", "ns"));
        Assert.False(Can(core, Alice, "get", "deployments.apps", "ns"));
        var any = AliceClusterWide(Rule(S("get"), S("*"), S("deployments")));
        Assert.True(Can(any, Alice, "get", "deployments.apps", "ns"));
        Assert.True(Can(any, Alice, "get", "deployments.extensions", "ns"));
    }

    [Fact]
    public void Resources_star_matches_resources_and_subresources()
    {
        var m = AliceClusterWide(Rule(S("create"), S(""), S("*")));
        Assert.True(Can(m, Alice, "create", "pods", "ns"));
        Assert.True(Can(m, Alice, "create", "pods/exec", "ns"));
    }

    [Fact]
    public void A_resource_does_not_match_its_subresources_and_res_sub_matches_exactly()
    {
        var pods = AliceClusterWide(Rule(S("create"), S(""), S("pods")));
        Assert.False(Can(pods, Alice, "create", "pods/exec", "ns"));
        var exec = AliceClusterWide(Rule(S("create"), S(""), S("pods/exec")));
        Assert.True(Can(exec, Alice, "create", "pods/exec", "ns"));
        Assert.False(Can(exec, Alice, "create", "pods", "ns"));
        Assert.False(Can(exec, Alice, "create", "pods/attach", "ns"));
    }

    [Fact]
    public void Star_slash_sub_matches_that_subresource_of_any_resource_and_res_slash_star_matches_nothing()
    {
        var m = AliceClusterWide(Rule(S("get"), S(""), S("*/status")));
        Assert.True(Can(m, Alice, "get", "pods/status", "ns"));
        Assert.True(Can(m, Alice, "get", "services/status", "ns"));
        Assert.False(Can(m, Alice, "get", "pods", "ns"));
        Assert.False(Can(m, Alice, "get", "pods/log", "ns"));
        var podsStar = AliceClusterWide(Rule(S("create"), S(""), S("pods/*")));
        Assert.False(Can(podsStar, Alice, "create", "pods/exec", "ns"));
    }

    [Fact]
    public void ResourceNames_allow_only_named_requests()
    {
        var m = AliceClusterWide(Rule(S("get", "list"), S(""), S("secrets"), S("db-password")));
        Assert.True(Can(m, Alice, "get", "secrets", "ns", "db-password"));
        Assert.False(Can(m, Alice, "get", "secrets", "ns", "other"));
        Assert.False(Can(m, Alice, "list", "secrets", "ns"));
        Assert.Contains(m.GrantsAllowingSomeName("get", "", "secrets", null, "ns"), g => g.Subject.Name == "alice");
    }

    [Fact]
    public void NonResourceUrls_match_exactly_or_by_a_trailing_star_prefix()
    {
        var m = AliceClusterWide(UrlRule(S("get"), S("/healthz", "/api/*")));
        Assert.True(Can(m, Alice, "get", "/healthz", null));
        Assert.False(Can(m, Alice, "get", "/healthz/ready", null));
        Assert.True(Can(m, Alice, "get", "/api/v1", null));
        Assert.True(Can(m, Alice, "get", "/api/", null));
        Assert.False(Can(m, Alice, "get", "/api", null));
        Assert.False(Can(m, Alice, "post", "/healthz", null));
        var all = AliceClusterWide(UrlRule(S("*"), S("*")));
        Assert.True(Can(all, Alice, "post", "/anything/at/all", null));
    }

    [Fact]
    public void RoleBindings_never_grant_non_resource_urls()
    {
        var m = Model(ClusterRole("urls", UrlRule(S("get"), S("*"))), RoleBinding("ns", "b", "ClusterRole", "urls", User("alice")));
        Assert.False(Can(m, Alice, "get", "/healthz", null));
    }

    [Fact]
    public void A_RoleBinding_to_a_ClusterRole_grants_only_in_its_namespace()
    {
        var m = Model(ClusterRole("reader", Rule(S("get"), S(""), S("secrets"))), RoleBinding("ehr-prod", "b", "ClusterRole", "reader", User("alice")));
        Assert.True(Can(m, Alice, "get", "secrets", "ehr-prod"));
        Assert.False(Can(m, Alice, "get", "secrets", "billing"));
        Assert.False(Can(m, Alice, "get", "secrets", null));
        Assert.Single(m.WhoCan(AccessRequest.Parse("get", "secrets", null, "billing"), allNamespaces: true));
        Assert.Empty(m.WhoCan(AccessRequest.Parse("get", "secrets", null, "billing")));
    }

    [Fact]
    public void A_ClusterRoleBinding_grants_in_every_namespace_and_cluster_scope()
    {
        var m = AliceClusterWide(Rule(S("get"), S(""), S("nodes", "secrets")));
        Assert.True(Can(m, Alice, "get", "nodes", null));
        Assert.True(Can(m, Alice, "get", "secrets", "any-namespace"));
    }

    [Fact]
    public void A_Role_is_looked_up_in_the_bindings_own_namespace()
    {
        var m = Model(
            Role("billing", "reader", Rule(S("get"), S(""), S("secrets"))),
            RoleBinding("ehr-prod", "b", "Role", "reader", User("alice")));
        Assert.False(Can(m, Alice, "get", "secrets", "ehr-prod"));
        Assert.False(Can(m, Alice, "get", "secrets", "billing"));
        var dangling = Assert.Single(m.DanglingBindings);
        Assert.Equal("b", dangling.Name);
    }

    [Fact]
    public void A_binding_to_a_missing_role_grants_nothing_and_is_reported()
    {
        var m = Model(ClusterRoleBinding("gone", "deleted-role", User("alice")), RoleBinding("ns", "gone2", "ClusterRole", "nope", User("alice")));
        Assert.False(Can(m, Alice, "get", "pods", "ns"));
        Assert.Equal(["gone", "gone2"], m.DanglingBindings.Select(b => b.Name));
    }

    [Fact]
    public void A_ClusterRoleBinding_cannot_reference_a_Role()
    {
        var m = Model(Role("ns", "r", Rule(S("*"), S("*"), S("*"))),
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},"roleRef":{"kind":"Role","name":"r"},"subjects":[{"kind":"User","name":"alice"}]}""");
        Assert.False(Can(m, Alice, "get", "pods", "ns"));
        Assert.Single(m.DanglingBindings);
    }

    [Fact]
    public void Default_cluster_roles_are_not_dangling_and_cluster_admin_is_known()
    {
        var m = Model(ClusterRoleBinding("admins", "cluster-admin", User("alice")), RoleBinding("ns", "e", "ClusterRole", "edit", User("bob")));
        Assert.Empty(m.DanglingBindings);
        Assert.True(Can(m, Alice, "delete", "secrets", "ns"));
        Assert.True(Can(m, Alice, "get", "/metrics", null));
        Assert.Equal("e", Assert.Single(m.UnresolvedBuiltInBindings).Name);
    }

    [Fact]
    public void A_service_account_subject_without_namespace_is_in_the_RoleBindings_namespace()
    {
        var m = Model(ClusterRole("r", Rule(S("get"), S(""), S("pods"))), RoleBinding("ehr-prod", "b", "ClusterRole", "r", Sa("backup")));
        var backup = RbacIdentity.For(new RbacSubject("ServiceAccount", "backup", "ehr-prod"));
        var other = RbacIdentity.For(new RbacSubject("ServiceAccount", "backup", "billing"));
        Assert.True(Can(m, backup, "get", "pods", "ehr-prod"));
        Assert.False(Can(m, other, "get", "pods", "ehr-prod"));
    }

    [Fact]
    public void A_ClusterRoleBinding_service_account_without_namespace_matches_nobody()
    {
        var m = Model(ClusterRole("r", Rule(S("get"), S(""), S("pods"))), ClusterRoleBinding("b", "r", Sa("backup")));
        Assert.False(Can(m, RbacIdentity.For(new RbacSubject("ServiceAccount", "backup", "default")), "get", "pods", "default"));
    }

    [Fact]
    public void A_RoleBinding_may_grant_a_service_account_of_another_namespace_in_the_bindings_namespace()
    {
        var m = Model(ClusterRole("r", Rule(S("get"), S(""), S("secrets"))), RoleBinding("ehr-prod", "b", "ClusterRole", "r", Sa("deployer", "ci")));
        var deployer = RbacIdentity.For(new RbacSubject("ServiceAccount", "deployer", "ci"));
        Assert.True(Can(m, deployer, "get", "secrets", "ehr-prod"));
        Assert.False(Can(m, deployer, "get", "secrets", "ci"));
        var who = Assert.Single(m.WhoCan(AccessRequest.Parse("get", "secrets", null, "ehr-prod")));
        Assert.Equal(new RbacSubject("ServiceAccount", "deployer", "ci"), who.Subject);
    }

    [Fact]
    public void Implicit_service_account_groups_grant_to_service_accounts()
    {
        var m = Model(
            ClusterRole("r", Rule(S("get"), S(""), S("configmaps"))),
            ClusterRole("w", Rule(S("create"), S(""), S("configmaps"))),
            RoleBinding("ehr-prod", "all-sas", "ClusterRole", "r", Group("system:serviceaccounts")),
            RoleBinding("ehr-prod", "ns-sas", "ClusterRole", "w", Group("system:serviceaccounts:ehr-prod")));
        var local = RbacIdentity.For(new RbacSubject("ServiceAccount", "x", "ehr-prod"));
        var foreign = RbacIdentity.For(new RbacSubject("ServiceAccount", "x", "billing"));
        Assert.True(Can(m, local, "get", "configmaps", "ehr-prod"));
        Assert.True(Can(m, foreign, "get", "configmaps", "ehr-prod"));
        Assert.True(Can(m, local, "create", "configmaps", "ehr-prod"));
        Assert.False(Can(m, foreign, "create", "configmaps", "ehr-prod"));
        Assert.False(Can(m, Alice, "get", "configmaps", "ehr-prod"));
    }

    [Fact]
    public void Authenticated_and_unauthenticated_groups()
    {
        var m = Model(
            ClusterRole("r", Rule(S("list"), S(""), S("namespaces"))),
            ClusterRole("u", UrlRule(S("get"), S("/version"))),
            ClusterRoleBinding("authn", "r", Group("system:authenticated")),
            ClusterRoleBinding("anon", "u", Group("system:unauthenticated")));
        var sa = RbacIdentity.For(new RbacSubject("ServiceAccount", "x", "ns"));
        Assert.True(Can(m, Alice, "list", "namespaces", null));
        Assert.True(Can(m, sa, "list", "namespaces", null));
        Assert.False(Can(m, RbacIdentity.AnonymousUser, "list", "namespaces", null));
        Assert.True(Can(m, RbacIdentity.AnonymousUser, "get", "/version", null));
        Assert.False(Can(m, Alice, "get", "/version", null));
    }

    [Fact]
    public void Aggregated_cluster_role_takes_the_rules_of_the_roles_its_selectors_match()
    {
        var agg = new Dictionary<string, string> { ["rbac.example.com/aggregate-to-monitoring"] = "true" };
        var m = Model(
            ClusterRole("monitoring", null, Selectors(agg)),
            ClusterRole("monitoring-pods", agg, null, Rule(S("get"), S(""), S("pods"))),
            ClusterRole("monitoring-secrets", agg, null, Rule(S("get"), S(""), S("secrets"))),
            ClusterRole("unrelated", Rule(S("delete"), S(""), S("pods"))),
            RoleBinding("ehr-prod", "b", "ClusterRole", "monitoring", User("alice")));
        Assert.True(Can(m, Alice, "get", "pods", "ehr-prod"));
        Assert.True(Can(m, Alice, "get", "secrets", "ehr-prod"));
        Assert.False(Can(m, Alice, "delete", "pods", "ehr-prod"));
        Assert.Equal(["monitoring-pods", "monitoring-secrets"], m.FindClusterRole("monitoring")!.AggregatedFrom);
    }

    [Fact]
    public void Aggregation_is_transitive_and_never_includes_the_role_itself()
    {
        var toA = new Dictionary<string, string> { ["to"] = "a" };
        var toB = new Dictionary<string, string> { ["to"] = "b" };
        var m = Model(
            ClusterRole("a", toA, Selectors(toA)),
            ClusterRole("b", toA, Selectors(toB)),
            ClusterRole("leaf", toB, null, Rule(S("watch"), S(""), S("pods"))),
            ClusterRoleBinding("bind", "a", User("alice")));
        Assert.True(Can(m, Alice, "watch", "pods", "ns"));
        Assert.Equal(["b"], m.FindClusterRole("a")!.AggregatedFrom);
    }

    [Fact]
    public void A_role_with_its_own_rules_is_used_as_it_is_even_with_an_aggregation_rule()
    {
        var agg = new Dictionary<string, string> { ["agg"] = "true" };
        var m = Model(
            ClusterRole("live", null, Selectors(agg), Rule(S("get"), S(""), S("pods"))),
            ClusterRole("src", agg, null, Rule(S("get"), S(""), S("secrets"))),
            ClusterRoleBinding("b", "live", User("alice")));
        Assert.True(Can(m, Alice, "get", "pods", "ns"));
        Assert.False(Can(m, Alice, "get", "secrets", "ns"));
    }

    [Fact]
    public void Who_can_lists_each_subject_once_with_every_binding_and_role()
    {
        var m = Model(
            ClusterRole("reader", Rule(S("get", "list"), S(""), S("secrets"))),
            Role("ehr-prod", "local", Rule(S("get"), S(""), S("secrets"))),
            ClusterRoleBinding("global", "reader", Group("auditors"), User("alice")),
            RoleBinding("ehr-prod", "local", "Role", "local", User("alice")),
            RoleBinding("billing", "elsewhere", "ClusterRole", "reader", User("bob")));
        var who = m.WhoCan(AccessRequest.Parse("get", "secrets", null, "ehr-prod"));
        Assert.Equal(["Group auditors", "User alice"], who.Select(w => w.Subject.ToString()));
        Assert.Equal(["ClusterRoleBinding global", "RoleBinding ehr-prod/local"], who[1].Grants.Select(g => g.Binding.ToString()));
        Assert.Equal(["ClusterRole reader", "Role ehr-prod/local"], who[1].Grants.Select(g => g.Role.ToString()));
    }

    [Fact]
    public void Resource_names_parse_group_and_subresource()
    {
        var r = AccessRequest.Parse("create", "pods/exec");
        Assert.Equal(("", "pods", "exec"), (r.Group, r.Resource, r.Subresource));
        r = AccessRequest.Parse("get", "deployments");
        Assert.Equal("apps", r.Group);
        r = AccessRequest.Parse("get", "widgets.example.com/status");
        Assert.Equal(("example.com", "widgets", "status"), (r.Group, r.Resource, r.Subresource));
    }
}
