using System.Text.Json;
using System.Xml.Linq;

namespace PhiGuard.Cli.Tests;

/// <summary><c>phiguard netpol reach|matrix|map</c> on the demo clinic.</summary>
public sealed class NetpolCommandTests
{
    [Fact]
    public void Reach_json_allows_the_ingress_controller_to_the_api_and_names_the_policy()
    {
        var r = CliRunner.Run(["netpol", "reach", "examples/clinic", "--from", "ingress-nginx/ingress-nginx-controller", "--to", "ehr-prod/ehr-api", "--port", "8443", "-f", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("allowed").GetBoolean());
        var by = Assert.Single(doc.RootElement.GetProperty("decidedBy").EnumerateArray());
        Assert.Equal("allow-ingress-controller-to-api", by.GetProperty("name").GetString());
        Assert.Equal("ingress", by.GetProperty("side").GetString());
    }

    [Fact]
    public void Reach_json_denies_web_to_db_on_both_sides()
    {
        var r = CliRunner.Run(["netpol", "reach", "examples/clinic", "--from", "ehr-prod/ehr-web", "--to", "ehr-prod/StatefulSet/ehr-db", "--port", "5432/TCP", "-f", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.False(doc.RootElement.GetProperty("allowed").GetBoolean());
        var names = doc.RootElement.GetProperty("decidedBy").EnumerateArray().Select(d => d.GetProperty("side").GetString() + ":" + d.GetProperty("name").GetString()).ToList();
        Assert.Contains("egress:default-deny-egress", names);
        Assert.Contains("ingress:default-deny-ingress", names);
    }

    [Fact]
    public void Reach_text_to_the_metadata_address_is_denied_for_ehr_and_allowed_for_billing()
    {
        var ehr = CliRunner.Run(["netpol", "reach", "examples/clinic", "--from", "ehr-prod/ehr-api", "--to", "169.254.169.254"]);
        Assert.StartsWith("DENY", ehr.Stdout, StringComparison.Ordinal);
        var billing = CliRunner.Run(["netpol", "reach", "examples/clinic", "--from", "billing/claims-worker", "--to", "169.254.169.254", "--port", "80"]);
        Assert.StartsWith("ALLOW", billing.Stdout, StringComparison.Ordinal);
        Assert.Contains("allowed by default", billing.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "nowhere/nothing", "--to", "ehr-prod/ehr-api", "no workload or pod")]
    [InlineData("--from", "ehr-prod/ehr-api", "--to", "ehr-prod/ehr-db", "--port", "99999", "--port '99999'")]
    [InlineData("--from", "ehr-prod/ehr-api", "--to", "ehr-prod/ehr-db", "--port", "80/ICMP", "--port '80/ICMP'")]
    public void Reach_with_bad_input_is_a_usage_error(params string[] args)
    {
        var r = CliRunner.Run(["netpol", "reach", "examples/clinic", .. args[..^1]]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(args[^1], r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_json_agrees_with_reach()
    {
        var r = CliRunner.Run(["netpol", "matrix", "examples/clinic", "-n", "ehr-prod", "-n", "ingress-nginx", "-f", "json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var names = doc.RootElement.GetProperty("workloads").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(["ehr-prod/Deployment/ehr-api", "ehr-prod/Deployment/ehr-web", "ehr-prod/StatefulSet/ehr-db", "ingress-nginx/Deployment/ingress-nginx-controller"], names);
        var rows = doc.RootElement.GetProperty("allowed").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal('1', rows[0][2]); // api -> db
        Assert.Equal('0', rows[1][2]); // web -> db
        Assert.Equal('1', rows[3][0]); // ingress controller -> api
        Assert.Equal('0', rows[3][1]); // ingress controller -> web
    }

    [Fact]
    public void Matrix_html_is_a_heat_map()
    {
        var r = CliRunner.Run(["netpol", "matrix", "examples/clinic", "-f", "html"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("<svg", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("ehr-prod/Deployment/ehr-api → ehr-prod/StatefulSet/ehr-db: allowed", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_renders_the_clinic_as_mermaid_dot_and_svg()
    {
        var mermaid = CliRunner.Run(["netpol", "map", "examples/clinic"]);
        Assert.True(mermaid.ExitCode == 0, mermaid.ToString());
        Assert.StartsWith("flowchart LR", mermaid.Stdout, StringComparison.Ordinal);
        Assert.Contains("subgraph ns_ehr_prod[\"PHI namespace ehr-prod\"]", mermaid.Stdout, StringComparison.Ordinal);
        Assert.Contains("|\"5432/TCP\"|", mermaid.Stdout, StringComparison.Ordinal);

        var dot = CliRunner.Run(["netpol", "map", "examples/clinic", "-f", "dot"]);
        Assert.True(dot.ExitCode == 0, dot.ToString());
        Assert.Contains("\"wl:ehr-prod/Deployment/ehr-api\" -> \"wl:ehr-prod/StatefulSet/ehr-db\" [label=\"5432/TCP\"]", dot.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"wl:billing/Deployment/claims-worker\" -> \"cloud-metadata\"", dot.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"wl:ehr-prod/Deployment/ehr-api\" -> \"cloud-metadata\"", dot.Stdout, StringComparison.Ordinal);

        var svg = CliRunner.Run(["netpol", "map", "examples/clinic", "-f", "svg"]);
        Assert.True(svg.ExitCode == 0, svg.ToString());
        var xml = XDocument.Parse(svg.Stdout);
        Assert.Equal("svg", xml.Root!.Name.LocalName);
        Assert.Contains("PHI namespace billing", svg.Stdout, StringComparison.Ordinal);

        // Deterministic: the same input gives the same bytes.
        Assert.Equal(svg.Stdout, CliRunner.Run(["netpol", "map", "examples/clinic", "-f", "svg"]).Stdout);
    }

    [Fact]
    public void Html_scan_report_embeds_the_map()
    {
        var dir = Path.Combine(Path.GetTempPath(), "phiguard-netpol-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "report.html");
            var r = CliRunner.Run(["scan", "examples/clinic", "-f", "html", "-o", file]);
            Assert.True(r.ExitCode == 1, r.ToString());
            var html = File.ReadAllText(file);
            Assert.Contains("<section id=\"data-flow\">", html, StringComparison.Ordinal);
            Assert.Contains("aria-label=\"PHI data-flow map\"", html, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
