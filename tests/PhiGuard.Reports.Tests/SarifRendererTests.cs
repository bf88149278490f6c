using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests;

public sealed class SarifRendererTests
{
    private static JsonElement Run(JsonDocument doc) => doc.RootElement.GetProperty("runs")[0];

    private static JsonDocument Sarif() => JsonDocument.Parse(Render.Format("sarif", Scenario.Scan(), Scenario.Options()));

    [Fact]
    public void Matches_golden_file() =>
        Golden.Verify("scan.sarif", Render.Format("sarif", Scenario.Scan(), Scenario.Options()));

    [Fact]
    public void Real_output_validates_against_the_official_sarif_2_1_0_schema()
    {
        var sarif = Render.Format("sarif", Scenario.Scan(), Scenario.Options());
        Assert.Empty(SchemaValidator.Sarif.Errors(sarif));
    }

    [Fact]
    public void Sarif_schema_rejects_a_broken_log()
    {
        var node = JsonNode.Parse(Render.Format("sarif", Scenario.Scan(), Scenario.Options()))!.AsObject();
        node["version"] = "2.0.0";
        node["runs"]![0]!["results"]![0]!["level"] = "fatal";
        Assert.NotEmpty(SchemaValidator.Sarif.Errors(node.ToJsonString()));
    }

    [Fact]
    public void Rules_are_every_control_that_ran_with_severity_and_hipaa_tags()
    {
        using var doc = Sarif();
        var driver = Run(doc).GetProperty("tool").GetProperty("driver");
        Assert.Equal("PhiGuard", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(Scenario.Controls.Select(c => c.Id).Order(StringComparer.Ordinal), rules.Select(r => r.GetProperty("id").GetString()));
        var tls = rules.Single(r => r.GetProperty("id").GetString() == "test-ingress-tls");
        Assert.Equal("TestIngressTls", tls.GetProperty("name").GetString());
        Assert.Equal("Ingresses terminate TLS for every host", tls.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.StartsWith("Add spec.tls", tls.GetProperty("help").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("9.5", tls.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Contains("HIPAA-164.312(e)(2)(ii)", tls.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Results_cover_failures_and_waivers_with_levels_and_suppressions()
    {
        using var doc = Sarif();
        var results = Run(doc).GetProperty("results").EnumerateArray().ToList();
        var result = Scenario.Scan();
        var expected = result.Findings.Count(f => f.Status is Status.Fail or Status.Waived)
                       + result.Controls.Count(c => c.Control.Shape == ControlShape.Manual && c.Status == Status.Fail);
        Assert.Equal(expected, results.Count);

        var waived = results.Single(r => r.TryGetProperty("suppressions", out _));
        var suppression = waived.GetProperty("suppressions")[0];
        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.Equal("accepted", suppression.GetProperty("status").GetString());
        Assert.Contains("SEC-142", suppression.GetProperty("justification").GetString(), StringComparison.Ordinal);

        Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() == "test-ingress-tls" && r.GetProperty("properties").GetProperty("path").GetString() == "spec.tls"),
            r => Assert.Equal("error", r.GetProperty("level").GetString()));
        Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() == "test-secret-owner"),
            r => Assert.Equal("note", r.GetProperty("level").GetString()));
        Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() == "test-default-deny"),
            r => Assert.Equal("warning", r.GetProperty("level").GetString()));
    }

    [Fact]
    public void Manifest_findings_point_at_a_relative_file_and_the_field_line()
    {
        using var doc = Sarif();
        var r = Run(doc).GetProperty("results").EnumerateArray()
            .Single(x => x.GetProperty("ruleId").GetString() == "test-readonly-root" && !x.TryGetProperty("suppressions", out _));
        var location = r.GetProperty("locations")[0];
        var physical = location.GetProperty("physicalLocation");
        Assert.Equal("ehr.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(7, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        var logical = location.GetProperty("logicalLocations")[0];
        Assert.Equal("Deployment/ehr-prod/ehr-api", logical.GetProperty("fullyQualifiedName").GetString());
        Assert.Equal(64, r.GetProperty("partialFingerprints").GetProperty("phiguard/v1").GetString()!.Length);
    }

    [Fact]
    public void Live_cluster_findings_have_only_a_logical_location()
    {
        using var doc = Sarif();
        var r = Run(doc).GetProperty("results").EnumerateArray().Single(x => x.GetProperty("ruleId").GetString() == "test-default-deny");
        var location = r.GetProperty("locations")[0];
        Assert.False(location.TryGetProperty("physicalLocation", out _));
        Assert.Equal("Namespace/billing", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
    }

    [Fact]
    public void Fingerprint_ignores_line_numbers_but_not_identity()
    {
        var obj = new ObjectRef("apps/v1", "Deployment", "ehr", "api");
        var a = new Finding { Control = "c", Severity = Severity.High, Status = Status.Fail, Object = obj, Path = "spec.x", Message = "m", Location = new SourceLocation("f.yaml", 3, 1) };
        var moved = a with { Location = new SourceLocation("f.yaml", 40, 5), Message = "m reworded" };
        Assert.Equal(SarifRenderer.Fingerprint(a), SarifRenderer.Fingerprint(moved));
        Assert.NotEqual(SarifRenderer.Fingerprint(a), SarifRenderer.Fingerprint(a with { Path = "spec.y" }));
        Assert.NotEqual(SarifRenderer.Fingerprint(a), SarifRenderer.Fingerprint(a with { Object = obj with { Namespace = "other" } }));
    }

    [Theory]
    [InlineData("/src/clinic/apps/ehr.yaml", "/src/clinic", "apps/ehr.yaml")]
    [InlineData("/src/clinic/my app/x.yaml", "/src/clinic/", "my%20app/x.yaml")]
    [InlineData("/etc/other.yaml", "/src/clinic", "file:///etc/other.yaml")]
    [InlineData("/src/clinic-old/x.yaml", "/src/clinic", "file:///src/clinic-old/x.yaml")]
    [InlineData("manifests\\win.yaml", null, "manifests/win.yaml")]
    [InlineData("/abs/x.yaml", null, "file:///abs/x.yaml")]
    public void Artifact_uris_are_relative_under_the_base_directory(string file, string? baseDirectory, string expected) =>
        Assert.Equal(expected, SarifRenderer.ArtifactUri(file, baseDirectory));

    [Fact]
    public void Stdin_has_no_artifact_uri() => Assert.Null(SarifRenderer.ArtifactUri("-", "/src"));
}
