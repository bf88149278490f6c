using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>End-to-end: node snapshots, a managed provider's description and the audit-policy commands.</summary>
public sealed class NodeSourcesAndAuditPolicyTests
{
    private const string Snapshot = "examples/node-snapshots/kubeadm-control-plane";

    private static readonly string[] ControlPlaneControls =
    [
        "apiserver-anonymous-restricted", "apiserver-authz-mode", "apiserver-admission-baseline", "control-plane-mtls",
        "etcd-encryption-kms-first", "etcd-encryption-scope-and-keys", "audit-logging-enabled",
        "audit-policy-covers-writes", "audit-policy-covers-access-and-auth", "audit-policy-no-gaps",
    ];

    private static readonly string[] KubeletControls = ["kubelet-auth-hardened", "kubelet-cert-rotation", "kubelet-streaming-idle-timeout"];

    [Fact]
    public void Kubeadm_like_node_snapshot_feeds_the_control_plane_and_kubelet_controls()
    {
        var controls = Statuses(["scan", "--node-snapshot", Snapshot, "-f", "json", "--fail-on", "never"]);
        Assert.All(ControlPlaneControls.Concat(KubeletControls), id => Assert.True(controls[id].Status == "pass", $"{id}: {controls[id]}"));
    }

    [Fact]
    public void Without_node_input_control_plane_controls_are_not_assessable_not_passed()
    {
        var controls = Statuses(["scan", "examples/clinic", "-f", "json", "--fail-on", "never"]);
        Assert.All(ControlPlaneControls.Concat(KubeletControls), id => Assert.Equal("not-assessable", controls[id].Status));
    }

    [Fact]
    public void Managed_cluster_never_passes_what_its_description_does_not_show()
    {
        var controls = Statuses(["scan", "--provider", "examples/providers/eks-describe-cluster.json", "-f", "json", "--fail-on", "never"]);
        Assert.Equal("pass", controls["etcd-encryption-kms-first"].Status);
        Assert.Equal("pass", controls["audit-logging-enabled"].Status);
        foreach (var id in new[] { "apiserver-anonymous-restricted", "apiserver-authz-mode", "audit-policy-covers-writes", "control-plane-mtls" })
        {
            Assert.Equal("not-assessable", controls[id].Status);
            Assert.Contains("EKS control plane is run by the provider", controls[id].Reason, StringComparison.Ordinal);
        }

        Assert.All(KubeletControls, id => Assert.Equal("not-assessable", controls[id].Status));
    }

    [Fact]
    public void Missing_snapshot_folder_is_an_input_error()
    {
        var r = CliRunner.Run(["scan", "--node-snapshot", "no/such/folder", "-f", "json"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no/such/folder", r.Stderr + r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_prints_level_and_deciding_rule_as_json()
    {
        var policy = $"{Snapshot}/etc/kubernetes/audit/policy.yaml";
        var r = CliRunner.Run(["audit-policy", "explain", policy, "--verb", "watch", "--resource", "endpoints", "--user", "system:kube-proxy", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("None", doc.RootElement.GetProperty("level").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("rule").GetInt32());

        r = CliRunner.Run(["audit-policy", "explain", policy, "--verb", "patch", "--resource", "deployments.apps", "-n", "ehr-prod", "--user", "alice", "-f", "json"]);
        using var doc2 = JsonDocument.Parse(r.Stdout);
        Assert.Equal("Request", doc2.RootElement.GetProperty("level").GetString());
        Assert.Equal(4, doc2.RootElement.GetProperty("rule").GetInt32());

        r = CliRunner.Run(["audit-policy", "explain", policy, "--verb", "create", "--resource", "pods/exec", "-n", "ehr-prod", "--user", "alice"]);
        Assert.Contains("level: Request", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_refuses_bad_policy_naming_file_and_line()
    {
        using var dir = new TempDir();
        var file = dir.File("policy.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Loud\n");
        var r = CliRunner.Run(["audit-policy", "explain", file, "--verb", "get", "--resource", "pods"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("rules[0].level", r.Stderr, StringComparison.Ordinal);

        file = dir.File("broken.yaml", "rules: [\n");
        r = CliRunner.Run(["audit-policy", "explain", file, "--verb", "get", "--resource", "pods"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("broken.yaml:2", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommended_policy_passes_the_audit_policy_controls()
    {
        using var dir = new TempDir();
        CopyFolder(Path.Combine(CliRunner.RepoRoot, Snapshot), dir.Path);
        var policy = Path.Combine(dir.Path, "etc/kubernetes/audit/policy.yaml");
        File.WriteAllText(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n");
        var before = Statuses(["scan", "--node-snapshot", dir.Path, "-f", "json", "--fail-on", "never"]);
        Assert.Equal("fail", before["audit-policy-covers-writes"].Status);

        var r = CliRunner.Run(["audit-policy", "recommend", "-o", policy]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var after = Statuses(["scan", "--node-snapshot", dir.Path, "-f", "json", "--fail-on", "never"]);
        foreach (var id in new[] { "audit-policy-covers-writes", "audit-policy-covers-access-and-auth", "audit-policy-no-gaps" })
        {
            Assert.True(after[id].Status == "pass", $"{id}: {after[id]}");
        }
    }

    private static Dictionary<string, (string Status, string Reason)> Statuses(string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("controls").EnumerateArray().ToDictionary(
            c => c.GetProperty("id").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString()! : string.Empty));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
