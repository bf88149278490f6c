using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a risk register with an owner and a target date for each risk, in which open PhiGuard findings
/// are tracked to closure.
/// </summary>
internal sealed class RiskManagementPlan : ManualControl
{
    public override string Id => "risk-management-plan";

    public override string Title => "Risk management plan tracks findings";

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-003"];

    public override IReadOnlyList<string> Requirements => ["S1"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A risk register with an owner and a target date for each risk, in which open PhiGuard findings are " +
        "tracked to closure.";

    public override string Rationale =>
        "Risk management turns the risk analysis into decisions: without owners and dates, known gaps " +
        "(including PhiGuard's failing controls) stay open indefinitely.";
}
