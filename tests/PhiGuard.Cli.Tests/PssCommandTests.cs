using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary><c>phiguard pss evaluate</c> on real manifests: per object allowed and upstream check ids.</summary>
public sealed class PssCommandTests
{
    private const string Shared = "tests/PhiGuard.Core.Tests/Conformance/pod-security";

    [Fact]
    public void Json_names_the_upstream_check_that_refuses_a_pod()
    {
        var file = Path.Combine(CliRunner.RepoRoot, Shared, "restricted/v1.37/fail/runasnonroot0.yaml");
        var r = CliRunner.Run(["pss", "evaluate", "--level", "restricted", "--version", "v1.37", "--format", "json", file]);
        Assert.True(r.ExitCode == 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var obj = Assert.Single(doc.RootElement.GetProperty("objects").EnumerateArray());
        Assert.False(obj.GetProperty("allowed").GetBoolean());
        Assert.Contains(obj.GetProperty("violations").EnumerateArray(), v => v.GetProperty("check").GetString() == "runAsNonRoot");
    }

    [Fact]
    public void Allowed_pod_exits_zero()
    {
        var file = Path.Combine(CliRunner.RepoRoot, Shared, "baseline/v1.0/pass/base.yaml");
        var r = CliRunner.Run(["pss", "evaluate", "--level", "baseline", "--version", "v1.0", file]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1 object(s), 0 refused.", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_level_each_namespace_enforce_label_is_used_and_the_restricted_dry_run_reported()
    {
        const string yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ehr
              labels:
                pod-security.kubernetes.io/enforce: baseline
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: api
              namespace: ehr
            spec:
              containers:
                - name: api
                  image: registry.example.com/api:1.0
            """;
        var r = CliRunner.Run(["pss", "evaluate", "--format", "json", "-"], stdin: yaml);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var obj = Assert.Single(doc.RootElement.GetProperty("objects").EnumerateArray());
        Assert.Equal("baseline", obj.GetProperty("level").GetString());
        Assert.True(obj.GetProperty("allowed").GetBoolean());
        var dry = obj.GetProperty("ifRestricted");
        Assert.False(dry.GetProperty("allowed").GetBoolean());
        var checks = dry.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("check").GetString()).ToList();
        Assert.Equal(["allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot", "seccompProfile_restricted"], checks);
    }

    [Theory]
    [InlineData("--version", "1.30")]
    [InlineData("--level", "strict")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var file = Path.Combine(CliRunner.RepoRoot, Shared, "baseline/v1.0/pass/base.yaml");
        var r = CliRunner.Run(["pss", "evaluate", option, value, file]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_file_and_line()
    {
        var r = CliRunner.Run(["pss", "evaluate", "-"], stdin: "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(":", r.Stderr, StringComparison.Ordinal);
    }
}
