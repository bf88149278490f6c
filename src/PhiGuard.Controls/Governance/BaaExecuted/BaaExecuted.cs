using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: signed BAAs with every provider that stores or transmits the cluster's PHI (cloud, backup,
/// logging, KMS), including subcontractor flow-down, incident reporting and, under the proposed rule, annual
/// safeguard verification and 24-hour notice of contingency-plan activation.
/// </summary>
internal sealed class BaaExecuted : ManualControl
{
    public override string Id => "baa-executed";

    public override string Title => "Business associate agreements executed";

    public override IReadOnlyList<string> Citations => ["164.308(b)(2)", "164.308(b)(3)", "164.314(a)(2)(i)", "164.314(a)(2)(ii)", "164.314(a)(2)(iii)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(b)", "NPRM 164.314(a)(2)(i)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-057", "hipaa-112", "hipaa-113", "hipaa-114", "hipaa-115", "hipaa-116"];

    public override IReadOnlyList<string> Requirements => ["S3", "S42"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "Signed BAAs with every provider that stores or transmits the cluster's PHI (cloud, backup, logging, " +
        "KMS), including subcontractor flow-down, incident reporting and, under the proposed rule, annual " +
        "safeguard verification and 24-hour notice of contingency-plan activation.";

    public override string Rationale =>
        "A cloud provider that stores ePHI is a business associate even if it holds only encrypted data; " +
        "without a BAA the covered entity has no assurance of its safeguards.";

    public override string? Remarks =>
        "Also cites 164.308(b)(2) (assurances from subcontractors), which the subcontractor flow-down in the " +
        "CONTROLS.md pass condition evidences.";
}
