using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: due-diligence records per vendor holding PHI (SOC 2 or HITRUST reports, security questionnaires),
/// reviewed within the last 12 months.
/// </summary>
internal sealed class VendorDueDiligence : ManualControl
{
    public override string Id => "vendor-due-diligence";

    public override string Title => "Vendor due diligence records";

    public override IReadOnlyList<string> Citations => ["164.308(b)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-055", "hipaa-056"];

    public override IReadOnlyList<string> Requirements => ["S42"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "Due-diligence records per vendor holding PHI (SOC 2 or HITRUST reports, security questionnaires), " +
        "reviewed within the last 12 months.";

    public override string Rationale =>
        "A BAA is a promise; due-diligence records show the covered entity checked that the vendor can keep " +
        "it.";
}
