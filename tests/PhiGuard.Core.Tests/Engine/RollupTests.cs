using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Engine;

public sealed class RollupTests
{
    private static readonly PhiGuard.Core.Inventory.Inventory Inventory = Objects.Inventory($"""
        [{Objects.Namespace("ehr", true)}, {Objects.Namespace("tools", false)},
         {Objects.Deployment("ehr", "good", "records", "ok")},
         {Objects.Deployment("ehr", "bad", "records", "bad", "ok", "bad")},
         {Objects.Deployment("tools", "ignored", "ops", "bad")}]
        """);

    [Fact]
    public void Control_counts_objects_and_fails_when_any_object_fails()
    {
        var result = Support.Engine.Scan([new ContainerNamedBad()], Inventory);
        var c = Assert.Single(result.Controls);
        Assert.Equal(Status.Fail, c.Status);
        Assert.Equal((1, 2), (c.Passed, c.Failed));
        Assert.Equal(["spec.template.spec.containers[0].name", "spec.template.spec.containers[2].name"],
            result.Findings.Where(f => f.Status == Status.Fail).Select(f => f.Path));
        Assert.DoesNotContain(result.Findings, f => f.Object?.Namespace == "tools");
        Assert.Equal(new Dictionary<string, int> { ["fail"] = 2, ["pass"] = 1 }, result.Summary.Findings);
    }

    [Fact]
    public void Workload_control_without_phi_workloads_is_not_applicable()
    {
        var inventory = Objects.Inventory($"[{Objects.Deployment("tools", "x", "ops", "bad")}]");
        var c = Assert.Single(Support.Engine.Scan([new ContainerNamedBad()], inventory).Controls);
        Assert.Equal(Status.NotApplicable, c.Status);
        Assert.Equal("no workload in a PHI namespace", c.Reason);
    }

    [Fact]
    public void Standard_rolls_up_its_specifications()
    {
        var controls = new Control[]
        {
            new FixedClusterOutcome("test-encryption", Status.Fail, Severity.High, "164.312(a)(2)(iv)"),
            new FixedClusterOutcome("test-unique-ids", Status.Pass, Severity.High, "164.312(a)(2)(i)"),
            new FixedClusterOutcome("test-audit", Status.Pass, Severity.High, "164.312(b)"),
        };
        var safeguards = Support.Engine.Scan(controls, Inventory).Safeguards.ToDictionary(s => s.Safeguard.Citation);

        Assert.Equal(Status.Fail, safeguards["164.312(a)(1)"].Status);
        Assert.Equal(["test-encryption", "test-unique-ids"], safeguards["164.312(a)(1)"].Controls);
        Assert.Equal(Status.Fail, safeguards["164.312(a)(2)(iv)"].Status);
        Assert.Equal(Status.Pass, safeguards["164.312(a)(2)(i)"].Status);
        Assert.Equal((Status.NotApplicable, 0), (safeguards["164.312(a)(2)(iii)"].Status, safeguards["164.312(a)(2)(iii)"].Controls.Count));

        // 164.312(b) is a standard with no specifications: it takes only its own controls.
        Assert.Equal(["test-audit"], safeguards["164.312(b)"].Controls);
        Assert.Equal(Status.Pass, safeguards["164.312(b)"].Status);
    }

    [Theory]
    [InlineData(Status.Fail, Status.NotAssessable, Status.Fail)]
    [InlineData(Status.NotAssessable, Status.Pass, Status.NotAssessable)]
    [InlineData(Status.NotApplicable, Status.Pass, Status.Pass)]
    [InlineData(Status.NotApplicable, Status.NotApplicable, Status.NotApplicable)]
    public void Safeguard_takes_the_worst_status(Status a, Status b, Status expected)
    {
        var controls = new Control[]
        {
            new FixedClusterOutcome("test-a", a, Severity.Medium, "164.312(d)"),
            new FixedClusterOutcome("test-b", b, Severity.Medium, "164.312(d)"),
        };
        var s = Support.Engine.Scan(controls, Inventory).Safeguards.Single(x => x.Safeguard.Citation == "164.312(d)");
        Assert.Equal(expected, s.Status);
    }

    [Fact]
    public void Manual_item_waiting_for_a_person_makes_its_safeguard_manual_unless_something_fails()
    {
        var manual = new AttestedItem(citation: "164.312(d)");
        var pass = new FixedClusterOutcome("test-pass", Status.Pass, Severity.Low, "164.312(d)");
        var fail = new FixedClusterOutcome("test-fail", Status.Fail, Severity.Low, "164.312(d)");
        Status Of(params Control[] c) => Support.Engine.Scan(c, Inventory).Safeguards.Single(x => x.Safeguard.Citation == "164.312(d)").Status;

        Assert.Equal(Status.Manual, Of(manual, pass));
        Assert.Equal(Status.Fail, Of(manual, fail));
    }

    [Fact]
    public void Nprm_citations_count_only_in_the_nprm_profile()
    {
        var control = new ContainerNamedBad();
        var current = Support.Engine.Scan([control], Inventory, profile: Profile.Hipaa).Safeguards;
        var nprm = Support.Engine.Scan([control], Inventory, profile: Profile.HipaaNprm2025).Safeguards;

        Assert.DoesNotContain(current, s => s.Safeguard.Citation.StartsWith("NPRM ", StringComparison.Ordinal));
        Assert.Equal(HipaaCatalog.Default.For(Profile.Hipaa).Count(), current.Count);
        var encryption = Assert.Single(nprm, s => s.Safeguard.Citation == "NPRM 164.312(b)");
        Assert.Equal([control.Id], encryption.Controls);
        Assert.Equal(Status.Fail, encryption.Status);
        Assert.Equal(Status.Fail, nprm.Single(s => s.Safeguard.Citation == "164.312(a)(2)(iv)").Status);
    }
}
