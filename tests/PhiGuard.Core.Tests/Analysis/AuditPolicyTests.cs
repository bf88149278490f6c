using System.Text.Json;
using PhiGuard.Core.Analysis.AuditPolicy;

namespace PhiGuard.Core.Tests.Analysis;

/// <summary>
/// The audit policy simulator against the API server's rule semantics: one test per rule field, each built so that
/// an earlier rule that must (or must not) match decides over a later catch-all at a different level.
/// </summary>
public sealed class AuditPolicyTests
{
    private static readonly AuditRequest GetSecret = new()
    {
        User = "alice",
        Groups = ["staff", "system:authenticated"],
        Verb = "get",
        Resource = "secrets",
        Namespace = "ehr-prod",
        Name = "db",
    };

    [Fact]
    public void No_rule_means_none()
    {
        var d = Policy("rules: []").Evaluate(GetSecret);
        Assert.Equal(AuditLevel.None, d.Level);
        Assert.Null(d.Rule);
    }

    [Fact]
    public void First_matching_rule_wins_over_later_ones()
    {
        var p = Policy("rules: [{level: Request}, {level: None}]");
        Assert.Equal(AuditLevel.Request, p.Evaluate(GetSecret).Level);
        Assert.Equal(0, p.Evaluate(GetSecret).Rule!.Index);
    }

    [Theory]
    [InlineData("alice", AuditLevel.None)]
    [InlineData("bob", AuditLevel.Metadata)]
    public void Users(string user, AuditLevel expected) =>
        Assert.Equal(expected, Policy("rules: [{level: None, users: [alice]}, {level: Metadata}]").Evaluate(GetSecret with { User = user }).Level);

    [Theory]
    [InlineData("staff", AuditLevel.None)]
    [InlineData("contractors", AuditLevel.Metadata)]
    public void UserGroups(string group, AuditLevel expected) =>
        Assert.Equal(expected, Policy($"rules: [{{level: None, userGroups: [{group}]}}, {{level: Metadata}}]").Evaluate(GetSecret).Level);

    [Fact]
    public void Users_and_groups_never_match_an_unauthenticated_request()
    {
        var p = Policy("rules: [{level: None, userGroups: [system:unauthenticated]}, {level: Metadata}]");
        Assert.Equal(AuditLevel.Metadata, p.Evaluate(GetSecret with { User = null, Groups = [] }).Level);
    }

    [Theory]
    [InlineData("get", AuditLevel.None)]
    [InlineData("delete", AuditLevel.Metadata)]
    public void Verbs(string verb, AuditLevel expected) =>
        Assert.Equal(expected, Policy("rules: [{level: None, verbs: [get, list]}, {level: Metadata}]").Evaluate(GetSecret with { Verb = verb }).Level);

    [Theory]
    [InlineData("", "secrets", "", AuditLevel.None)]
    [InlineData("apps", "secrets", "", AuditLevel.Metadata)]
    [InlineData("", "configmaps", "", AuditLevel.Metadata)]
    [InlineData("", "secrets", "status", AuditLevel.Metadata)]
    public void Resources_match_group_and_resource_and_not_subresources(string group, string resource, string sub, AuditLevel expected) =>
        Assert.Equal(expected, Policy("rules: [{level: None, resources: [{group: \"\", resources: [secrets]}]}, {level: Metadata}]")
            .Evaluate(GetSecret with { ApiGroup = group, Resource = resource, Subresource = sub }).Level);

    [Fact]
    public void Group_without_resources_matches_every_resource_of_the_group()
    {
        var p = Policy("rules: [{level: None, resources: [{group: apps}]}, {level: Metadata}]");
        Assert.Equal(AuditLevel.None, p.Evaluate(GetSecret with { ApiGroup = "apps", Resource = "deployments", Subresource = "scale" }).Level);
        Assert.Equal(AuditLevel.Metadata, p.Evaluate(GetSecret).Level);
    }

    [Theory]
    [InlineData("pods", "exec", "\"*\"", AuditLevel.None)]
    [InlineData("pods", "exec", "\"*/exec\"", AuditLevel.None)]
    [InlineData("pods", "log", "\"*/exec\"", AuditLevel.Metadata)]
    [InlineData("pods", "", "\"*/exec\"", AuditLevel.Metadata)]
    [InlineData("pods", "exec", "\"pods/*\"", AuditLevel.None)]
    [InlineData("services", "proxy", "\"pods/*\"", AuditLevel.Metadata)]
    [InlineData("pods", "exec", "pods/exec", AuditLevel.None)]
    [InlineData("pods", "exec", "pods", AuditLevel.Metadata)]
    public void Subresource_wildcards(string resource, string sub, string spec, AuditLevel expected) =>
        Assert.Equal(expected, Policy($"rules: [{{level: None, resources: [{{group: \"\", resources: [{spec}]}}]}}, {{level: Metadata}}]")
            .Evaluate(GetSecret with { Resource = resource, Subresource = sub }).Level);

    [Theory]
    [InlineData("db", AuditLevel.None)]
    [InlineData("other", AuditLevel.Metadata)]
    public void ResourceNames(string name, AuditLevel expected) =>
        Assert.Equal(expected, Policy("rules: [{level: None, resources: [{group: \"\", resources: [secrets], resourceNames: [db]}]}, {level: Metadata}]")
            .Evaluate(GetSecret with { Name = name }).Level);

    [Theory]
    [InlineData("ehr-prod", AuditLevel.None)]
    [InlineData("billing", AuditLevel.Metadata)]
    [InlineData("", AuditLevel.Metadata)]
    public void Namespaces_and_cluster_scoped_requests(string ns, AuditLevel expected) =>
        Assert.Equal(expected, Policy("rules: [{level: None, namespaces: [ehr-prod]}, {level: Metadata}]").Evaluate(GetSecret with { Namespace = ns }).Level);

    [Fact]
    public void Empty_namespace_entry_matches_cluster_scoped_requests()
    {
        var p = Policy("rules: [{level: None, namespaces: [\"\"]}, {level: Metadata}]");
        Assert.Equal(AuditLevel.None, p.Evaluate(GetSecret with { Resource = "nodes", Namespace = string.Empty }).Level);
        Assert.Equal(AuditLevel.Metadata, p.Evaluate(GetSecret).Level);
    }

    [Theory]
    [InlineData("/healthz", AuditLevel.None)]
    [InlineData("/healthz/etcd", AuditLevel.None)]
    [InlineData("/version", AuditLevel.None)]
    [InlineData("/versionz", AuditLevel.Metadata)]
    [InlineData("/api", AuditLevel.Metadata)]
    public void NonResourceUrls_with_star_suffix(string path, AuditLevel expected) =>
        Assert.Equal(expected, Policy("rules: [{level: None, nonResourceURLs: [\"/healthz*\", /version]}, {level: Metadata}]")
            .Evaluate(new AuditRequest { User = "alice", Verb = "get", Path = path }).Level);

    [Fact]
    public void NonResourceUrls_never_match_resource_requests()
    {
        var p = Policy("rules: [{level: None, nonResourceURLs: [\"*\"]}, {level: Metadata}]");
        Assert.Equal(AuditLevel.Metadata, p.Evaluate(GetSecret).Level);
        Assert.Equal(AuditLevel.None, p.Evaluate(new AuditRequest { User = "alice", Verb = "get", Path = "/metrics" }).Level);
    }

    [Fact]
    public void A_resource_rule_never_matches_non_resource_requests()
    {
        var p = Policy("rules: [{level: None, resources: [{group: \"\"}]}, {level: Metadata}]");
        Assert.Equal(AuditLevel.Metadata, p.Evaluate(new AuditRequest { User = "alice", Verb = "get", Path = "/api" }).Level);
    }

    [Fact]
    public void OmitStages_join_policy_and_rule_level()
    {
        var p = Policy("omitStages: [RequestReceived]\nrules: [{level: Metadata, omitStages: [ResponseStarted]}]");
        var d = p.Evaluate(GetSecret);
        Assert.Equal(["RequestReceived", "ResponseStarted"], d.OmitStages.Order(StringComparer.Ordinal));
        Assert.False(d.Records("ResponseStarted"));
        Assert.True(d.Records("ResponseComplete"));
    }

    [Theory]
    [InlineData("rules: [{level: Everything}]", "rules[0].level")]
    [InlineData("rules: [{verbs: [get]}]", "rules[0].level")]
    [InlineData("omitStages: [Sometimes]\nrules: []", "omitStages")]
    public void Invalid_policies_are_refused_naming_the_field(string body, string field)
    {
        var json = ToJson(body);
        Assert.Null(AuditPolicy.TryParse(json, out var error));
        Assert.Contains(field, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deployments.apps", "deployments", "apps", "")]
    [InlineData("pods/exec", "pods", "", "exec")]
    [InlineData("widgets.example.com/status", "widgets", "example.com", "status")]
    public void Resource_text_parses(string text, string resource, string group, string sub) =>
        Assert.Equal((resource, group, sub), AuditRequest.ParseResource(text));

    private static AuditPolicy Policy(string body) =>
        AuditPolicy.TryParse(ToJson(body), out var error) ?? throw new InvalidOperationException(error);

    /// <summary>The policy bodies above are YAML flow style, which is JSON once keys and bare words are quoted.</summary>
    private static JsonElement ToJson(string body)
    {
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>("apiVersion: audit.k8s.io/v1\nkind: Policy\n" + body);
        var json = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(yaml);
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
