using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>The small commands and usage errors.</summary>
public sealed class CommandTests
{
    [Fact]
    public void Version_prints_version_and_control_counts()
    {
        var r = CliRunner.Run(["version"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("phiguard ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("controls:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Controls_list_json_names_every_control_with_citations()
    {
        var r = CliRunner.Run(["controls", "list", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var controls = doc.RootElement.GetProperty("controls").EnumerateArray().ToList();
        Assert.Contains(controls, c => c.GetProperty("id").GetString() == "cluster-admin-minimal");
        Assert.All(controls, c => Assert.NotEmpty(c.GetProperty("citations").EnumerateArray()));
    }

    [Fact]
    public void Controls_show_explains_one_control()
    {
        var r = CliRunner.Run(["controls", "show", "readonly-root-filesystem"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("164.312(c)(1)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Fix:", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scan", "examples/clinic", "--no-such-flag")]
    [InlineData("scan", "examples/clinic", "--format", "pdf")]
    [InlineData("scan", "examples/clinic", "--control", "no-such-control")]
    [InlineData("scan", "examples/clinic", "--fail-on", "urgent")]
    [InlineData("scan", "examples/clinic", "--profile", "sox")]
    [InlineData("controls", "show", "no-such-control")]
    [InlineData("frobnicate")]
    public void Usage_errors_exit_2_with_a_message_and_no_stack_trace(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("error", r.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_with_no_input_and_no_cluster_explains_what_to_give()
    {
        using var tmp = new TempDir();
        var r = CliRunner.Run(["scan"], workingDirectory: tmp.Path);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("nothing to scan", r.Stderr, StringComparison.Ordinal);
    }
}
