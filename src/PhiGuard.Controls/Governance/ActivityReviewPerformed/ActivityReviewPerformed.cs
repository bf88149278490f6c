using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a signed review, at least monthly, of PhiGuard's audit-activity report (privileged actions, exec
/// into pods, denied and failed authentication, break-glass use) with follow-ups recorded.
/// </summary>
internal sealed class ActivityReviewPerformed : ManualControl
{
    public override string Id => "activity-review-performed";

    public override string Title => "Audit activity review performed monthly";

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(D)", "164.308(a)(5)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-007", "hipaa-009"];

    public override IReadOnlyList<string> Requirements => ["S33"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override int MaxAgeDays => 31;

    public override string EvidenceExpected =>
        "A signed review, at least monthly, of PhiGuard's audit-activity report (privileged actions, exec " +
        "into pods, denied and failed authentication, break-glass use) with follow-ups recorded.";

    public override string Rationale =>
        "Logs that nobody reads do not detect anything: the rule requires regular review of system activity, " +
        "and failed log-ins are the first sign of credential attacks.";

    public override string? Remarks =>
        "Monthly cadence: an attestation older than 31 days fails.";
}
