using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a signed quarterly review of the RBAC bindings and IdP groups that reach PHI namespaces, using
/// PhiGuard's RBAC findings, with removals recorded.
/// </summary>
internal sealed class AccessReviewQuarterly : ManualControl
{
    public override string Id => "access-review-quarterly";

    public override string Title => "Quarterly access review of PHI namespaces";

    public override IReadOnlyList<string> Citations => ["164.308(a)(4)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-023"];

    public override IReadOnlyList<string> Requirements => ["S44"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override int MaxAgeDays => 92;

    public override string EvidenceExpected =>
        "A signed quarterly review of the RBAC bindings and IdP groups that reach PHI namespaces, using " +
        "PhiGuard's RBAC findings, with removals recorded.";

    public override string Rationale =>
        "Permissions accumulate: a periodic review is how access established for a task is taken away again.";

    public override string? Remarks =>
        "Quarterly cadence: an attestation older than 92 days fails.";
}
