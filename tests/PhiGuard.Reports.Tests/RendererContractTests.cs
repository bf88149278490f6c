using Microsoft.Extensions.Time.Testing;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests;

public sealed class RendererContractTests
{
    public static TheoryData<string> Formats => new(Renderers.Formats);

    [Fact]
    public void Every_format_is_registered_once_and_found_by_name()
    {
        Assert.Equal(["table", "json", "sarif", "junit", "markdown", "html"], Renderers.Formats);
        Assert.Equal(Renderers.All.Count, Renderers.All.Select(r => r.FileExtension).Distinct().Count());
        Assert.Same(Renderers.Find("json"), Renderers.Find("JSON"));
        Assert.Equal("markdown", Renderers.Find("md")!.Format);
        Assert.Null(Renderers.Find("pdf"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Identical_input_gives_identical_output(string format)
    {
        var first = Render.Format(format, Scenario.Scan(), Scenario.Options(includePassed: true));
        var second = Render.Format(format, Scenario.Scan(), Scenario.Options(includePassed: true));
        Assert.Equal(first, second);
        Assert.NotEmpty(first);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void No_secret_value_appears_in_any_format(string format)
    {
        var result = Scenario.Scan();
        foreach (var includePassed in new[] { false, true })
        {
            var text = Render.Format(format, result, Scenario.Options(includePassed) with { IncludeTimestamp = true });
            Assert.DoesNotContain(Scenario.SecretBase64, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Scenario.SecretPlain, text, StringComparison.Ordinal);
            // The Secret is still reported on, by name: the check above is not vacuous.
            Assert.Contains("db-credentials", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void An_empty_scan_renders_without_error(string format)
    {
        var scanner = new Scanner([], new FakeTimeProvider(Scenario.Now), Core.Catalog.HipaaCatalog.Create([], []));
        var result = scanner.Scan(Inventory.Empty);
        var text = Render.Format(format, result, RenderOptions.Default);
        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Fact]
    public void Scenario_exercises_every_status_and_waiver_state()
    {
        // Guards the fixture itself: if the engine changes so a case disappears, the report tests would test less.
        var result = Scenario.Scan();
        var statuses = result.Controls.Select(c => c.Status).ToHashSet();
        Assert.Superset(new HashSet<Status> { Status.Pass, Status.Fail, Status.Manual, Status.NotAssessable }, statuses);
        Assert.Contains(result.Findings, f => f.Status == Status.Waived);
        Assert.Contains(result.Safeguards, s => s.Status == Status.NotApplicable);
        Assert.Equal(
            [WaiverState.Active, WaiverState.Expired, WaiverState.Unused],
            result.Waivers.Select(w => w.State).ToArray());
        Assert.Single(result.LoadErrors);
        Assert.Single(result.Gaps);
    }
}
