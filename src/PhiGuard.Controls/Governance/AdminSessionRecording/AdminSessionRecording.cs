using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a statement that all human cluster access goes through a bastion or access proxy that records
/// sessions, with where recordings are kept.
/// </summary>
internal sealed class AdminSessionRecording : ManualControl
{
    public override string Id => "admin-session-recording";

    public override string Title => "Administrative sessions recorded";

    public override IReadOnlyList<string> Citations => ["164.312(b)", "164.308(a)(3)(ii)(A)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-012", "hipaa-092", "hipaa-095"];

    public override IReadOnlyList<string> Requirements => ["S30"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A statement that all human cluster access goes through a bastion or access proxy that records " +
        "sessions, with where recordings are kept.";

    public override string Rationale =>
        "API audit logs show requests, not what an administrator saw or typed in an exec session; recording " +
        "closes that gap for supervision and incident review.";
}
