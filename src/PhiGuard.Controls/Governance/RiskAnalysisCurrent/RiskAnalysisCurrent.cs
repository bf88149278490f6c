using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a written risk analysis, approved within the last 12 months and after the last major change
/// (cluster upgrade, new PHI namespace), that references PhiGuard's asset inventory and network map.
/// </summary>
internal sealed class RiskAnalysisCurrent : ManualControl
{
    public override string Id => "risk-analysis-current";

    public override string Title => "Risk analysis is current";

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(A)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(2)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-001", "hipaa-002"];

    public override IReadOnlyList<string> Requirements => ["S1", "S43"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A written risk analysis, approved within the last 12 months and after the last major change (cluster " +
        "upgrade, new PHI namespace), that references PhiGuard's asset inventory and network map.";

    public override string Rationale =>
        "The risk analysis is the Security Rule's foundation and OCR's most frequent finding: every other " +
        "safeguard is chosen against the risks it records, so it must reflect the cluster as it is now.";

    public override string? Remarks =>
        "An attestation older than 12 months fails. Whether it predates the last major change is not detected " +
        "automatically yet: the attester confirms it.";
}
