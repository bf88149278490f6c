using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: access, encryption, key management, logging, incident response and contingency policies,
/// versioned, approved within the last 12 months and available to those who implement them.
/// </summary>
internal sealed class PoliciesApprovedVersioned : ManualControl
{
    public override string Id => "policies-approved-versioned";

    public override string Title => "Security policies approved, versioned and available";

    public override IReadOnlyList<string> Citations => ["164.316(a)", "164.316(b)(1)", "164.316(b)(1)(i)", "164.316(b)(2)(ii)", "164.316(b)(2)(iii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-121", "hipaa-122", "hipaa-123", "hipaa-125", "hipaa-126"];

    public override IReadOnlyList<string> Requirements => ["S42", "S43"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "Access, encryption, key management, logging, incident response and contingency policies, versioned, " +
        "approved within the last 12 months and available to those who implement them.";

    public override string Rationale =>
        "The rule requires written policies and procedures, kept current and available; they are also what an " +
        "auditor asks for first.";

    public override string? Remarks =>
        "CONTROLS.md cites 164.316(b)(1); the item evidences its written-policies part (b)(1)(i). Written " +
        "records of actions, (b)(1)(ii), and retention, (b)(2)(i), are evidenced by the evidence-store " +
        "controls.";
}
