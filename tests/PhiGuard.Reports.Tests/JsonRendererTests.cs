using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiGuard.Reports.Tests;

public sealed class JsonRendererTests
{
    [Fact]
    public void Matches_golden_file() =>
        Golden.Verify("scan.json", Render.Format("json", Scenario.Scan(), Scenario.Options()));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Real_output_validates_against_the_published_schema(bool includePassed, bool timestamp)
    {
        var json = Render.Format("json", Scenario.Scan(), Scenario.Options(includePassed) with { IncludeTimestamp = timestamp });
        Assert.Empty(SchemaValidator.ScanV1.Errors(json));
    }

    [Fact]
    public void Schema_rejects_output_that_breaks_the_contract()
    {
        // Proves the validation above can fail: drop a required key and misspell a status.
        var node = JsonNode.Parse(Render.Format("json", Scenario.Scan(), Scenario.Options()))!.AsObject();
        node.Remove("controls");
        node["safeguards"]![0]!["status"] = "passed";
        var errors = SchemaValidator.ScanV1.Errors(node.ToJsonString());
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Carries_the_fields_the_contract_names()
    {
        using var doc = JsonDocument.Parse(Render.Format("json", Scenario.Scan(), Scenario.Options()));
        var root = doc.RootElement;
        Assert.Equal("phiguard.io/scan/v1", root.GetProperty("schemaVersion").GetString());
        Assert.False(root.TryGetProperty("scannedAt", out _));

        var controls = root.GetProperty("controls").EnumerateArray().ToList();
        Assert.Equal(controls.Select(c => c.GetProperty("id").GetString()).Order(StringComparer.Ordinal), controls.Select(c => c.GetProperty("id").GetString()));
        var ro = controls.Single(c => c.GetProperty("id").GetString() == "test-readonly-root");
        Assert.Equal("fail", ro.GetProperty("status").GetString());
        Assert.Equal(["164.312(a)(1)", "164.308(a)(1)(ii)(B)"], ro.GetProperty("citations").EnumerateArray().Select(e => e.GetString()));

        var finding = root.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("control").GetString() == "test-readonly-root" && f.GetProperty("status").GetString() == "fail");
        var obj = finding.GetProperty("object");
        Assert.Equal("apps/v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal("Deployment", obj.GetProperty("kind").GetString());
        Assert.Equal("ehr-prod", obj.GetProperty("namespace").GetString());
        Assert.Equal("ehr-api", obj.GetProperty("name").GetString());
        Assert.Equal("spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem", finding.GetProperty("path").GetString());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        // The locator moved the location from the object (line 1) to the field.
        Assert.Equal(7, finding.GetProperty("location").GetProperty("line").GetInt32());

        var waived = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("status").GetString() == "waived");
        Assert.Equal("Dana Whitfield (CISO)", waived.GetProperty("waiver").GetProperty("approvedBy").GetString());

        var safeguard = root.GetProperty("safeguards").EnumerateArray().Single(s => s.GetProperty("citation").GetString() == "164.312(e)(1)");
        Assert.Equal("fail", safeguard.GetProperty("status").GetString());

        Assert.Equal(["active", "expired", "unused"], root.GetProperty("waivers").EnumerateArray().Select(w => w.GetProperty("state").GetString()));
        Assert.Equal(1, root.GetProperty("loadErrors").GetArrayLength());
        Assert.Equal(1, root.GetProperty("gaps").GetArrayLength());
    }

    [Fact]
    public void Passed_findings_only_when_asked_but_always_counted()
    {
        var result = Scenario.Scan();
        using var without = JsonDocument.Parse(Render.Format("json", result, Scenario.Options()));
        using var with = JsonDocument.Parse(Render.Format("json", result, Scenario.Options(includePassed: true)));
        static int Passes(JsonDocument d) => d.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("status").GetString() == "pass");

        Assert.Equal(0, Passes(without));
        var passCount = result.Findings.Count(f => f.Status == Core.Engine.Status.Pass);
        Assert.True(passCount > 0);
        Assert.Equal(passCount, Passes(with));
        Assert.Equal(passCount, without.RootElement.GetProperty("summary").GetProperty("findings").GetProperty("pass").GetInt32());
    }

    [Fact]
    public void Timestamp_only_when_asked()
    {
        using var doc = JsonDocument.Parse(Render.Format("json", Scenario.Scan(), Scenario.Options() with { IncludeTimestamp = true }));
        Assert.Equal("2026-03-01T12:00:00Z", doc.RootElement.GetProperty("scannedAt").GetString());
    }
}
