using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: an annual formal evaluation or audit report of the Security Rule safeguards, with the PhiGuard
/// evidence pack attached.
/// </summary>
internal sealed class EvaluationAnnualComplianceAudit : ManualControl
{
    public override string Id => "evaluation-annual-compliance-audit";

    public override string Title => "Annual compliance evaluation";

    public override IReadOnlyList<string> Citations => ["164.308(a)(8)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(14)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-052", "hipaa-053", "hipaa-054"];

    public override IReadOnlyList<string> Requirements => ["S44"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "An annual formal evaluation or audit report of the Security Rule safeguards, with the PhiGuard " +
        "evidence pack attached.";

    public override string Rationale =>
        "The Evaluation standard requires periodic technical and non-technical evaluation; the proposed rule " +
        "makes it a yearly compliance audit.";
}
