using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Engine;

public sealed class GapAndFaultTests
{
    [Fact]
    public void Kind_that_could_not_be_read_makes_the_control_not_assessable_not_pass()
    {
        var inventory = Objects.Inventory(
            $"[{Objects.Namespace("ehr", true)}, {Objects.Deployment("ehr", "ok", "records", "fine")}]",
            [new ResourceGap("apps", "statefulsets", "StatefulSet", "forbidden: User \"scanner\" cannot list statefulsets")]);
        var result = Support.Engine.Scan([new ContainerNamedBad()], inventory);

        var c = Assert.Single(result.Controls);
        Assert.Equal(Status.NotAssessable, c.Status);
        Assert.Contains("could not read statefulsets.apps", c.Reason, StringComparison.Ordinal);
        Assert.Equal(1, c.Passed);
    }

    [Fact]
    public void Gap_does_not_hide_a_failure()
    {
        var inventory = Objects.Inventory(
            $"[{Objects.Namespace("ehr", true)}, {Objects.Deployment("ehr", "x", "records", "bad")}]",
            [new ResourceGap("apps", "statefulsets", "StatefulSet", "forbidden")]);
        Assert.Equal(Status.Fail, Assert.Single(Support.Engine.Scan([new ContainerNamedBad()], inventory).Controls).Status);
    }

    [Fact]
    public void Throwing_control_is_not_assessable_and_the_others_still_run()
    {
        var controls = new Control[]
        {
            new FixedClusterOutcome("test-throws", Status.Pass, Severity.Critical, "164.312(d)", throws: true),
            new FixedClusterOutcome("test-runs", Status.Fail, Severity.High, "164.312(d)"),
        };
        var result = Support.Engine.Scan(controls, PhiGuard.Core.Inventory.Inventory.Empty);

        var thrown = result.Controls.Single(c => c.Control.Id == "test-throws");
        Assert.Equal(Status.NotAssessable, thrown.Status);
        Assert.Equal("control failed to run: InvalidOperationException: boom", thrown.Reason);
        Assert.Equal(Status.Fail, result.Controls.Single(c => c.Control.Id == "test-runs").Status);
        Assert.Equal(0.0, result.Summary.Score);
    }
}
