using System.Text.RegularExpressions;

namespace PhiGuard.Reports.Tests;

public sealed partial class HtmlRendererTests
{
    private static string Html(bool includePassed = false)
    {
        var html = Render.Format("html", Scenario.Scan(), Scenario.Options(includePassed));
        // Kept beside the test binaries so a person can open or screenshot the real output.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, includePassed ? "scan.all.html" : "scan.html"), html);
        return html;
    }

    [Fact]
    public void Is_self_contained_with_no_external_reference()
    {
        var html = Html(includePassed: true);
        Assert.Empty(ExternalReference().Matches(html));
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Encodes_every_value_from_the_scan()
    {
        var html = Html();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        // The only script element is the report's own filter code.
        Assert.Single(ScriptTag().Matches(html));
        Assert.DoesNotContain("alert(1)</script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Walks_from_safeguards_to_controls_to_findings_with_remediation_and_waivers()
    {
        var html = Html();
        var safeguards = html.IndexOf("id=\"safeguards\"", StringComparison.Ordinal);
        var controls = html.IndexOf("id=\"controls\"", StringComparison.Ordinal);
        var manual = html.IndexOf("id=\"manual\"", StringComparison.Ordinal);
        Assert.True(safeguards > 0 && controls > safeguards && manual > controls);
        foreach (var expected in new[]
                 {
                     "Technical safeguards (§164.312)", "href=\"#c-test-ingress-tls\"", "id=\"c-test-ingress-tls\"",
                     "spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem",
                     "Add spec.tls with a certificate Secret", "Waived: approved by Dana Whitfield (CISO), expires 2026-06-30",
                     "awaiting attestation", "attested by Priya Raman", "broken.yaml:3:7", "clusterrolebindings",
                     "@media print",
                 })
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Passing_findings_are_listed_only_when_asked()
    {
        Assert.DoesNotContain("Deployment/ehr-prod/ehr-worker", Html(), StringComparison.Ordinal);
        Assert.Contains("Deployment/ehr-prod/ehr-worker", Html(includePassed: true), StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:src|href|action|poster)\s*=\s*["']?\s*(?:[a-z]+:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
