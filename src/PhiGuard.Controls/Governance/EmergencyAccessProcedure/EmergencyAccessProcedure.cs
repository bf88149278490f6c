using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a break-glass procedure: who may use the emergency cluster-admin identity, how it is obtained,
/// how its use is alerted and reviewed.
/// </summary>
internal sealed class EmergencyAccessProcedure : ManualControl
{
    public override string Id => "emergency-access-procedure";

    public override string Title => "Emergency (break-glass) access procedure";

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(ii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-086"];

    public override IReadOnlyList<string> Requirements => ["S25"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A break-glass procedure: who may use the emergency cluster-admin identity, how it is obtained, how " +
        "its use is alerted and reviewed.";

    public override string Rationale =>
        "Emergency access must exist for PHI to stay available when normal access fails, and must be " +
        "controlled so it does not become a standing back door.";
}
