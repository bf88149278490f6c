using System.Text.Json;
using System.Xml.Linq;

namespace PhiGuard.Cli.Tests;

/// <summary>End-to-end: the demo cluster scanned by the built CLI, in every format.</summary>
public sealed class ScanClinicTests
{
    [Fact]
    public void Json_report_of_the_demo_has_failing_and_passing_controls_and_the_documented_fields()
    {
        var r = CliRunner.Run(["scan", "examples/clinic", "--format", "json"]);

        Assert.True(r.ExitCode == 1, r.ToString()); // the demo has high and critical failures
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("phiguard.io/scan/v1", root.GetProperty("schemaVersion").GetString());

        var controls = root.GetProperty("controls").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString()!);
        Assert.Equal("fail", controls["readonly-root-filesystem"]);
        Assert.Equal("fail", controls["psa-restricted-enforced"]);
        Assert.Equal("pass", controls["netpol-default-deny-ingress"]);
        Assert.Equal("fail", controls["ingress-tls-all-hosts"]);
        Assert.Equal("fail", controls["cluster-admin-minimal"]);
        Assert.Equal("fail", controls["phi-scope-labels"]);
        Assert.Equal("pass", controls["security-official-designated"]);
        Assert.Equal("pass", controls["baa-executed"]);
        Assert.Equal("manual", controls["risk-analysis-current"]);

        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        foreach (var f in findings)
        {
            Assert.False(string.IsNullOrEmpty(f.GetProperty("control").GetString()));
            Assert.False(string.IsNullOrEmpty(f.GetProperty("severity").GetString()));
            Assert.False(string.IsNullOrEmpty(f.GetProperty("status").GetString()));
            Assert.True(f.TryGetProperty("path", out _));
            Assert.False(string.IsNullOrEmpty(f.GetProperty("message").GetString()));
        }

        var rorf = findings.Where(f => f.GetProperty("control").GetString() == "readonly-root-filesystem").ToList();
        var initContainer = Assert.Single(rorf, f => f.GetProperty("object").GetProperty("name").GetString() == "ehr-web");
        var obj = initContainer.GetProperty("object");
        Assert.Equal("apps/v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal("Deployment", obj.GetProperty("kind").GetString());
        Assert.Equal("ehr-prod", obj.GetProperty("namespace").GetString());
        Assert.Equal("spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem", initContainer.GetProperty("path").GetString());

        // The waived fax gateway is shown as waived, with its approver; the Job owned by the CronJob is not judged twice.
        var fax = Assert.Single(rorf, f => f.GetProperty("object").GetProperty("name").GetString() == "legacy-fax-gateway");
        Assert.Equal("waived", fax.GetProperty("status").GetString());
        Assert.DoesNotContain(findings, f => f.GetProperty("object").ValueKind == JsonValueKind.Object &&
                                             f.GetProperty("object").GetProperty("name").GetString() == "nightly-statements-29400120");

        var safeguards = root.GetProperty("safeguards").EnumerateArray()
            .ToDictionary(s => s.GetProperty("citation").GetString()!, s => s.GetProperty("status").GetString()!);
        Assert.Equal("fail", safeguards["164.312(c)(1)"]);
        Assert.Equal("fail", safeguards["164.312(e)(1)"]);
        Assert.Contains(safeguards.Values, v => v == "manual");
    }

    [Fact]
    public void Every_format_renders_into_a_folder()
    {
        using var tmp = new TempDir();
        var r = CliRunner.Run(["scan", "examples/clinic", "--format", "table,json,sarif,junit,markdown,html", "-o", tmp.Path, "--fail-on", "never"]);

        Assert.True(r.ExitCode == 0, r.ToString());
        var files = Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(6, files.Length);
        foreach (var f in Directory.GetFiles(tmp.Path))
        {
            Assert.True(new FileInfo(f).Length > 200, $"{f} is (nearly) empty");
        }

        var sarif = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(tmp.Path, "*.sarif").Single()));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var junit = XDocument.Load(Directory.GetFiles(tmp.Path, "*.xml").Single());
        Assert.NotEmpty(junit.Descendants("testcase"));
        var html = File.ReadAllText(Directory.GetFiles(tmp.Path, "*.html").Single());
        Assert.Contains("readonly-root-filesystem", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_is_byte_identical_across_runs()
    {
        var a = CliRunner.Run(["scan", "examples/clinic", "--format", "json", "--fail-on", "never"]);
        var b = CliRunner.Run(["scan", "examples/clinic", "--format", "json", "--fail-on", "never"]);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Theory]
    [InlineData("critical", 1)]
    [InlineData("never", 0)]
    public void Fail_on_sets_the_exit_code(string failOn, int expected)
    {
        var r = CliRunner.Run(["scan", "examples/clinic", "--format", "json", "--fail-on", failOn]);
        Assert.True(r.ExitCode == expected, r.ToString());
    }

    [Fact]
    public void Only_named_controls_run()
    {
        var r = CliRunner.Run(["scan", "examples/clinic", "--format", "json", "--control", "readonly-root-filesystem", "--fail-on", "never"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var ids = doc.RootElement.GetProperty("controls").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["readonly-root-filesystem"], ids);
    }

    [Fact]
    public void Table_without_a_terminal_has_no_colour_codes()
    {
        var r = CliRunner.Run(["scan", "examples/clinic", "--fail-on", "never"]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("\u001b[", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("164.312", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("readonly-root-filesystem", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_manifests_from_stdin()
    {
        var yaml = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "examples/clinic/namespaces.yaml")) + "\n---\n" +
                   File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "examples/clinic/billing.yaml"));
        using var tmp = new TempDir();
        var r = CliRunner.Run(["scan", "-", "--format", "json", "--control", "readonly-root-filesystem"], stdin: yaml, workingDirectory: tmp.Path);
        Assert.True(r.ExitCode == 0, r.ToString()); // medium findings only: below the default --fail-on high
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("object").GetProperty("name").GetString() == "claims-worker" && f.GetProperty("status").GetString() == "fail");
    }
}
