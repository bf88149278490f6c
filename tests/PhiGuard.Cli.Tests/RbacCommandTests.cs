using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary><c>phiguard rbac</c> run as a process on manifests covering aggregation, */sub, resourceNames, cross-namespace service accounts and dangling bindings.</summary>
public sealed class RbacCommandTests : IDisposable
{
    private const string Manifests = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: ehr-support
        aggregationRule:
          clusterRoleSelectors:
            - matchLabels:
                clinic.example/aggregate-to-support: "true"
        rules: []
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: support-secrets
          labels:
            clinic.example/aggregate-to-support: "true"
        rules:
          - apiGroups: [""]
            resources: ["secrets"]
            verbs: ["get"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: status-reader
        rules:
          - apiGroups: [""]
            resources: ["*/status"]
            verbs: ["get"]
          - apiGroups: [""]
            resources: ["secrets"]
            resourceNames: ["tls-cert"]
            verbs: ["get"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: oncall-support
          namespace: ehr-prod
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: ehr-support
        subjects:
          - kind: Group
            name: ehr-oncall
          - kind: ServiceAccount
            name: backup
            namespace: backup-system
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: status
          namespace: ehr-prod
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: status-reader
        subjects:
          - kind: ServiceAccount
            name: monitor
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: leftover
          namespace: ehr-prod
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: deleted-role
        subjects:
          - kind: User
            name: mallory@clinic.example
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: deployer
        rules:
          - apiGroups: ["apps"]
            resources: ["deployments"]
            verbs: ["create", "update"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: ci-deployer
          namespace: ehr-prod
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: deployer
        subjects:
          - kind: ServiceAccount
            name: deployer
            namespace: ci
        """;

    private readonly TempDir dir = new();
    private readonly string file;

    public RbacCommandTests() => file = dir.File("rbac.yaml", Manifests);

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Who_can_get_secrets_in_ehr_prod_on_the_clinic_example()
    {
        var r = CliRunner.Run(["rbac", "who-can", "get", "secrets", "-n", "ehr-prod", "examples/clinic", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var subjects = doc.RootElement.GetProperty("subjects").EnumerateArray()
            .Select(s => $"{s.GetProperty("kind").GetString()}:{s.GetProperty("name").GetString()}").ToList();
        Assert.Equal(["Group:breakglass-admins", "User:dev-contractor@clinic.example"], subjects);
        var grant = doc.RootElement.GetProperty("subjects")[1].GetProperty("grants")[0];
        Assert.Equal("migration-contractor-admin", grant.GetProperty("binding").GetProperty("name").GetString());
        Assert.Equal("cluster-admin", grant.GetProperty("role").GetProperty("name").GetString());
    }

    [Fact]
    public void Who_can_follows_aggregation_and_cross_namespace_service_accounts_and_reports_dangling_bindings()
    {
        var r = CliRunner.Run(["rbac", "who-can", "get", "secrets", "-n", "ehr-prod", file, "-f", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var subjects = doc.RootElement.GetProperty("subjects").EnumerateArray()
            .Select(s => $"{s.GetProperty("kind").GetString()}:{(s.TryGetProperty("namespace", out var n) ? n.GetString() + "/" : "")}{s.GetProperty("name").GetString()}")
            .ToList();

        // monitor's rule names only tls-cert: a request without a name is not granted by it.
        Assert.Equal(["Group:ehr-oncall", "ServiceAccount:backup-system/backup"], subjects);
        Assert.Equal("leftover", doc.RootElement.GetProperty("danglingBindings")[0].GetProperty("name").GetString());
        Assert.Contains("deleted-role, which does not exist", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Who_can_with_a_name_matches_resource_names_and_star_slash_subresources()
    {
        var named = CliRunner.Run(["rbac", "who-can", "get", "secrets", "tls-cert", "-n", "ehr-prod", file]);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("ServiceAccount ehr-prod/monitor", named.Stdout, StringComparison.Ordinal);
        var status = CliRunner.Run(["rbac", "who-can", "get", "pods/status", "-n", "ehr-prod", file]);
        Assert.Contains("ServiceAccount ehr-prod/monitor", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 subject(s)", status.Stdout, StringComparison.Ordinal);
        var other = CliRunner.Run(["rbac", "who-can", "get", "pods/status", "-n", "billing", file]);
        Assert.Contains("0 subject(s)", other.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Can_lists_a_service_accounts_rules_per_namespace()
    {
        var r = CliRunner.Run(["rbac", "can", "sa:backup-system:backup", file, "-f", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("system:serviceaccount:backup-system:backup", doc.RootElement.GetProperty("identity").GetProperty("user").GetString());
        var scope = Assert.Single(doc.RootElement.GetProperty("scopes").EnumerateArray());
        Assert.Equal("ehr-prod", scope.GetProperty("namespace").GetString());
        var rule = Assert.Single(scope.GetProperty("rules").EnumerateArray());
        Assert.Equal("secrets", rule.GetProperty("resources")[0].GetString());
        Assert.Equal("ehr-support", rule.GetProperty("role").GetProperty("name").GetString());
    }

    [Fact]
    public void Paths_name_the_whole_chain()
    {
        var r = CliRunner.Run(["rbac", "paths", file, "-f", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var path = Assert.Single(doc.RootElement.GetProperty("paths").EnumerateArray());
        Assert.Equal("create-pods", path.GetProperty("capability").GetString());
        Assert.Equal("ci", path.GetProperty("subject").GetProperty("namespace").GetString());
        Assert.Equal("ehr-prod", path.GetProperty("namespace").GetString());
        Assert.Contains("RoleBinding ehr-prod/ci-deployer → ClusterRole deployer → rules[0]", path.GetProperty("chain").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rbac", "can", "alice")]
    [InlineData("rbac", "can", "sa:only-namespace")]
    [InlineData("rbac", "who-can", "get", "secrets", "-n", "x", "-A")]
    [InlineData("rbac", "who-can", "get")]
    public void Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var r = CliRunner.Run([.. args, file]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("error", r.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_manifest_is_an_input_error_naming_the_file()
    {
        var bad = dir.File("bad.yaml", "kind: RoleBinding\nmetadata: [\n");
        var r = CliRunner.Run(["rbac", "paths", bad]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("bad.yaml", r.Stderr, StringComparison.Ordinal);
    }
}
