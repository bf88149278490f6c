using PhiGuard.Core.Engine;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Engine;

public sealed class ScoreTests
{
    private static double? Score(params Control[] controls) =>
        Support.Engine.Scan(controls, PhiGuard.Core.Inventory.Inventory.Empty).Summary.Score;

    [Fact]
    public void Score_is_the_severity_weighted_share_of_assessed_controls_that_pass()
    {
        // critical fail (10) + high pass (5) + medium pass (2) + low pass (1): 8 of 18.
        var score = Score(
            new FixedClusterOutcome("test-1", Status.Fail, Severity.Critical, "164.312(d)"),
            new FixedClusterOutcome("test-2", Status.Pass, Severity.High, "164.312(d)"),
            new FixedClusterOutcome("test-3", Status.Pass, Severity.Medium, "164.312(d)"),
            new FixedClusterOutcome("test-4", Status.Pass, Severity.Low, "164.312(d)"));
        Assert.Equal(44.4, score);
    }

    [Fact]
    public void Not_assessed_and_manual_controls_do_not_count()
    {
        var score = Score(
            new FixedClusterOutcome("test-1", Status.Pass, Severity.High, "164.312(d)"),
            new FixedClusterOutcome("test-2", Status.NotAssessable, Severity.Critical, "164.312(d)"),
            new FixedClusterOutcome("test-3", Status.NotApplicable, Severity.Critical, "164.312(d)"),
            new AttestedItem());
        Assert.Equal(100.0, score);
    }

    [Fact]
    public void Nothing_assessed_has_no_score()
    {
        Assert.Null(Score(new FixedClusterOutcome("test-1", Status.NotAssessable, Severity.High, "164.312(d)"), new AttestedItem()));
    }
}
