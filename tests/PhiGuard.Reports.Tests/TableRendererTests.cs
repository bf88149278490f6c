namespace PhiGuard.Reports.Tests;

public sealed class TableRendererTests
{
    private static string Table(int width, bool color = false) =>
        Render.Format("table", Scenario.Scan(), Scenario.Options() with { Width = width, Color = color });

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void Without_colour_there_is_no_escape_sequence_and_lines_fit_the_width(int width)
    {
        var text = Table(width);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, $"scan.{width}.txt"), text);
        Assert.DoesNotContain('\u001b', text);
        var lines = text.Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
    }

    [Fact]
    public void With_colour_statuses_are_coloured()
    {
        Assert.Contains("\u001b[", Table(120, color: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_header_sections_findings_and_remediation_once_per_control()
    {
        var text = Table(120);
        foreach (var expected in new[]
                 {
                     "PhiGuard HIPAA report", "examples/clinic", "billing, ehr-prod", "0 / 100",
                     "Administrative safeguards (§164.308)", "Technical safeguards (§164.312)", "Physical safeguards (§164.310)",
                     "Needs action", "Waived findings", "Manual items", "Waivers", "Inputs not read",
                     "Deployment/ehr-prod/ehr-api", "log-shipper", "Dana Whitfield (CISO)", "SEC-142",
                     "broken.yaml:3:7", "clusterrolebindings", "awaiting attestation", "expired",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var problemControls = Scenario.Scan().Findings
            .Where(f => f.Status is Core.Engine.Status.Fail or Core.Engine.Status.NotAssessable)
            .Select(f => f.Control).Distinct().Count();
        Assert.Equal(problemControls, text.Split("Fix: ").Length - 1);
        Assert.Single(text.Split("Add spec.tls with a certificate").Skip(1));
    }
}
