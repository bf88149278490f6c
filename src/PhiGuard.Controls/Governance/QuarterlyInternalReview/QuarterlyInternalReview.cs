using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a signed quarterly review of PhiGuard trends and waivers, plus an ad-hoc review after each major
/// change.
/// </summary>
internal sealed class QuarterlyInternalReview : ManualControl
{
    public override string Id => "quarterly-internal-review";

    public override string Title => "Quarterly internal review of posture";

    public override IReadOnlyList<string> Citations => ["164.308(a)(8)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-054"];

    public override IReadOnlyList<string> Requirements => ["S44"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override int MaxAgeDays => 92;

    public override string EvidenceExpected =>
        "A signed quarterly review of PhiGuard trends and waivers, plus an ad-hoc review after each major " +
        "change.";

    public override string Rationale =>
        "Between annual evaluations, a quarterly look at trends and exceptions catches drift and expiring " +
        "waivers before they become findings.";

    public override string? Remarks =>
        "Quarterly cadence: an attestation older than 92 days fails.";
}
