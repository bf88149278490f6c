using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Engine;

public sealed class AttestationTests
{
    private static ControlResult Judge(ManualControl control, params Attestation[] attestations) =>
        Assert.Single(Support.Engine.Scan([control], PhiGuard.Core.Inventory.Inventory.Empty, new PhiGuardConfig { Attestations = attestations }).Controls);

    private static Attestation Signed(int daysAgo, string item = "test-item") => new()
    {
        Item = item,
        By = "Dana Reyes (Security Officer)",
        Date = Support.Engine.Today.AddDays(-daysAgo),
        Link = "https://docs.clinic.example.com/security/designation.pdf",
    };

    [Fact]
    public void Without_attestation_the_item_is_manual_and_says_what_is_expected()
    {
        var r = Judge(new AttestedItem(), Signed(1, item: "other-item"));
        Assert.Equal(Status.Manual, r.Status);
        Assert.Contains("a signed statement", r.Reason, StringComparison.Ordinal);
        Assert.Null(r.Attestation);
    }

    [Fact]
    public void Fresh_attestation_passes()
    {
        var a = Signed(10);
        var r = Judge(new AttestedItem(), a);
        Assert.Equal(Status.Pass, r.Status);
        Assert.Same(a, r.Attestation);
        Assert.Contains("valid until 2027-09-21", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Attestation_older_than_max_age_fails()
    {
        Assert.Equal(Status.Pass, Judge(new AttestedItem(maxAgeDays: 92), Signed(92)).Status);
        var r = Judge(new AttestedItem(maxAgeDays: 92), Signed(93));
        Assert.Equal(Status.Fail, r.Status);
        Assert.Contains("expired", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_expiry_overrides_max_age()
    {
        var r = Judge(new AttestedItem(), Signed(10) with { Expires = Support.Engine.Today.AddDays(-1) });
        Assert.Equal(Status.Fail, r.Status);
    }

    [Fact]
    public void Evidence_problem_fails()
    {
        var r = Judge(new AttestedItem(), Signed(3) with { File = "evidence/baa.pdf", Sha256 = "00", EvidenceProblem = "file hash differs" });
        Assert.Equal(Status.Fail, r.Status);
        Assert.Contains("file hash differs", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Future_date_fails()
    {
        var r = Judge(new AttestedItem(), Signed(-2));
        Assert.Equal(Status.Fail, r.Status);
        Assert.Contains("future", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Most_recent_attestation_decides()
    {
        var r = Judge(new AttestedItem(), Signed(500), Signed(20));
        Assert.Equal(Status.Pass, r.Status);
        Assert.Equal(Support.Engine.Today.AddDays(-20), r.Attestation!.Date);
    }
}
