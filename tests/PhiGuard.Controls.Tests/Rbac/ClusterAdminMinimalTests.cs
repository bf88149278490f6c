using PhiGuard.Controls.Rbac;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Rbac;

public sealed class ClusterAdminMinimalTests
{
    private const string UserBinding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: alice-admin
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - kind: User
            name: alice
        """;

    private static readonly ResourceGap BindingGap = new("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", "forbidden");
    private static readonly ResourceGap RoleGap = new("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", "forbidden");

    private readonly ClusterAdminMinimal control = new();

    [Fact]
    public void Manifests_without_cluster_role_bindings_are_not_applicable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr"));
        Assert.Equal(Status.NotApplicable, Scan.Run(control, yaml).Controls[0].Status);
    }

    [Fact]
    public void Live_cluster_with_unreadable_bindings_is_not_assessable()
    {
        var inventory = new Inventory([], gaps: [BindingGap], origin: InventoryOrigin.Cluster);
        var result = Scan.Run(control, inventory);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("forbidden", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_cluster_with_no_bindings_is_not_assessable_not_a_pass()
    {
        var inventory = new Inventory([], origin: InventoryOrigin.Cluster);
        Assert.Equal(Status.NotAssessable, Scan.Run(control, inventory).Controls[0].Status);
    }

    [Fact]
    public void Unreadable_cluster_roles_still_judge_bindings_to_cluster_admin()
    {
        var yaml = YamlFixture.Parse(UserBinding);
        var inventory = new Inventory(yaml.Objects, gaps: [RoleGap], origin: InventoryOrigin.Cluster);
        var result = Scan.Run(control, inventory);
        Assert.Equal(Status.Fail, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Status == Status.NotAssessable && f.Message.Contains("ClusterRoles", StringComparison.Ordinal));
    }

    [Fact]
    public void Allow_list_limit_is_a_threshold()
    {
        var yaml = YamlFixture.Parse(UserBinding);
        var allow = new SubjectRef[] { new("Group", "a"), new("Group", "b"), new("User", "alice") };
        var strict = new PhiGuardConfig { ClusterAdminAllowList = allow };
        var raised = strict with { Thresholds = new Dictionary<string, double> { [ClusterAdminMinimal.AllowListMaxThreshold] = 3 } };

        Assert.Equal(Status.Fail, Scan.Run(control, yaml.ToInventory(), strict).Controls[0].Status);
        Assert.Equal(Status.Pass, Scan.Run(control, yaml.ToInventory(), raised).Controls[0].Status);
    }

    [Fact]
    public void Bindings_to_ordinary_roles_pass_as_a_whole()
    {
        var yaml = YamlFixture.Parse(UserBinding.Replace("name: cluster-admin", "name: view", StringComparison.Ordinal));
        var result = Scan.Run(control, yaml);
        Assert.Equal(Status.Pass, result.Controls[0].Status);
        var f = Assert.Single(result.Findings);
        Assert.Null(f.Object);
    }
}
