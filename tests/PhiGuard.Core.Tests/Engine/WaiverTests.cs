using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Engine;

public sealed class WaiverTests
{
    private static readonly ContainerNamedBad Control = new();

    private static readonly PhiGuard.Core.Inventory.Inventory Inventory = Objects.Inventory($"""
        [{Objects.Namespace("ehr-prod", true)},
         {Objects.Deployment("ehr-prod", "api-1", "records", "bad")},
         {Objects.Deployment("ehr-prod", "web", "portal", "bad", "ok")}]
        """);

    private static Waiver Waiver(WaiverSelector selector, DateOnly expires) => new()
    {
        Control = Control.Id,
        Selector = selector,
        Justification = "vendor image, fix scheduled",
        ApprovedBy = "security-officer@clinic.example.com",
        Expires = expires,
    };

    private static ScanResult Scan(params Waiver[] waivers) =>
        Support.Engine.Scan([Control], Inventory, new PhiGuardConfig { Waivers = waivers });

    [Fact]
    public void Active_waiver_marks_matching_findings_waived_with_the_waiver()
    {
        var waiver = Waiver(new WaiverSelector { Namespace = "ehr-*", Name = "api-?" }, Support.Engine.Today.AddDays(30));
        var result = Scan(waiver);

        var api = Assert.Single(result.Findings, f => f.Object?.Name == "api-1");
        Assert.Equal(Status.Waived, api.Status);
        Assert.Same(waiver, api.Waiver);
        Assert.Equal(Status.Fail, Assert.Single(result.Findings, f => f.Object?.Name == "web").Status);
        var state = Assert.Single(result.Waivers);
        Assert.Equal((WaiverState.Active, 1), (state.State, state.Matched));
    }

    [Fact]
    public void Control_with_only_waived_findings_is_waived()
    {
        var result = Scan(Waiver(new WaiverSelector { Kind = "Deploy*" }, Support.Engine.Today));
        Assert.All(result.Findings, f => Assert.Equal(Status.Waived, f.Status));
        Assert.Equal(Status.Waived, Assert.Single(result.Controls).Status);
        Assert.Equal(2, result.Controls[0].Waived);
    }

    [Fact]
    public void Label_selector_must_match_every_label()
    {
        var portal = Scan(Waiver(new WaiverSelector { Labels = new Dictionary<string, string> { ["team"] = "portal" } }, Support.Engine.Today));
        Assert.Equal(Status.Waived, portal.Findings.Single(f => f.Object?.Name == "web").Status);
        Assert.Equal(Status.Fail, portal.Findings.Single(f => f.Object?.Name == "api-1").Status);

        var both = Scan(Waiver(
            new WaiverSelector { Labels = new Dictionary<string, string> { ["team"] = "portal", ["tier"] = "web" } }, Support.Engine.Today));
        Assert.All(both.Findings, f => Assert.Equal(Status.Fail, f.Status));
        Assert.Equal(WaiverState.Unused, both.Waivers[0].State);
    }

    [Fact]
    public void Expired_waiver_covers_nothing_and_fails_on_its_own()
    {
        var waiver = Waiver(new WaiverSelector { Name = "api-1" }, Support.Engine.Today.AddDays(-1)) with
        {
            Source = new PhiGuard.Core.Inventory.SourceLocation("phiguard.yaml", 12, 5),
        };
        var result = Scan(waiver);

        Assert.DoesNotContain(result.Findings, f => f.Status == Status.Waived);
        var own = Assert.Single(result.Findings, f => f.Path == "waivers[0]");
        Assert.Equal(Status.Fail, own.Status);
        Assert.Null(own.Object);
        Assert.Equal("phiguard.yaml:12:5", own.Location?.ToString());
        Assert.Contains("expired on 2026-09-30", own.Message, StringComparison.Ordinal);
        Assert.Equal(WaiverState.Expired, Assert.Single(result.Waivers).State);
    }

    [Fact]
    public void Waiver_matching_nothing_is_reported_unused()
    {
        var result = Scan(Waiver(new WaiverSelector { Namespace = "billing" }, Support.Engine.Today.AddDays(5)));
        var state = Assert.Single(result.Waivers);
        Assert.Equal((WaiverState.Unused, 0), (state.State, state.Matched));
        Assert.Equal(Status.Fail, result.Controls[0].Status);
    }

    [Fact]
    public void Waiver_for_another_control_does_not_apply()
    {
        var waiver = Waiver(new WaiverSelector(), Support.Engine.Today) with { Control = "readonly-root-filesystem" };
        var result = Scan(waiver);
        Assert.All(result.Findings, f => Assert.Equal(Status.Fail, f.Status));
        Assert.Equal(WaiverState.Unused, result.Waivers[0].State);
    }

    [Theory]
    [InlineData("api-*", "api-1", true)]
    [InlineData("api-?", "api-12", false)]
    [InlineData("*", "", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("ehr-prod", "ehr-prod", true)]
    public void Glob_matches_whole_names(string pattern, string value, bool expected) =>
        Assert.Equal(expected, WaiverSelector.Glob(pattern, value));

    [Fact]
    public void Cluster_level_findings_are_waived_only_by_an_empty_selector()
    {
        Assert.True(new WaiverSelector().Matches(null, null));
        Assert.False(new WaiverSelector { Namespace = "*" }.Matches(null, null));
    }
}
