using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>Broken input gets a clear error naming file, line and column; the rest still loads; never a stack trace.</summary>
public sealed class BadInputTests
{
    private const string GoodDeployment = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ehr
          labels: {phiguard.io/phi: "true", phiguard.io/environment: prod}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: ehr}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: registry.example/api:1
        """;

    [Fact]
    public void Syntax_error_names_file_line_and_column_and_other_files_still_load()
    {
        using var tmp = new TempDir();
        tmp.File("a-good.yaml", GoodDeployment);
        var bad = tmp.File("b-bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [unclosed\n");

        var r = CliRunner.Run(["scan", tmp.Path, "--format", "json", "--control", "readonly-root-filesystem"]);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(@"b-bad\.yaml:\d+:\d+", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("object").GetProperty("name").GetString() == "api");
        var err = Assert.Single(doc.RootElement.GetProperty("loadErrors").EnumerateArray());
        Assert.EndsWith("b-bad.yaml", err.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.True(err.GetProperty("line").GetInt32() > 0);
        _ = bad;
    }

    [Fact]
    public void Keep_going_judges_what_loaded_and_exits_by_findings()
    {
        using var tmp = new TempDir();
        tmp.File("a-good.yaml", GoodDeployment);
        tmp.File("b-bad.json", "{\"apiVersion\": \"v1\", \"kind\": ");
        var r = CliRunner.Run(["scan", tmp.Path, "--format", "json", "--control", "readonly-root-filesystem", "--keep-going"]);
        Assert.True(r.ExitCode == 0, r.ToString()); // the one finding is medium, below --fail-on high
        Assert.Contains("b-bad.json", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Objects_without_kind_or_name_are_load_errors_not_crashes()
    {
        using var tmp = new TempDir();
        tmp.File("x.yaml", "apiVersion: v1\nmetadata: {name: nameless-kind}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n");
        var r = CliRunner.Run(["scan", tmp.Path, "--format", "json"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("kind", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("metadata.name", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_alias_bomb_fails_fast_with_a_clear_message()
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n");
        sb.Append("  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"  a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]\n");
        }

        using var tmp = new TempDir();
        var file = tmp.File("bomb.yaml", sb.ToString());
        var watch = Stopwatch.StartNew();
        var r = CliRunner.Run(["scan", file, "--format", "json"], timeout: TimeSpan.FromSeconds(60));
        watch.Stop();

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("bomb.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("alias", r.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Missing_path_is_an_input_error()
    {
        var r = CliRunner.Run(["scan", "no/such/folder", "--format", "json"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no/such/folder", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_config_exits_2_naming_the_line()
    {
        using var tmp = new TempDir();
        tmp.File("m.yaml", GoodDeployment);
        var cfg = tmp.File("phiguard.yaml", "waivers:\n  - control: readonly-root-filesystem\n    justification: because\n    expires: 2030-01-01\n");
        var r = CliRunner.Run(["scan", Path.Combine(tmp.Path, "m.yaml"), "--config", cfg, "--format", "json"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("approvedBy", r.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"phiguard\.yaml:\d+", r.Stderr);
    }
}
