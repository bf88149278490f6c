using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a tabletop exercise of the incident response and contingency plans within the last 12 months,
/// with findings and follow-ups.
/// </summary>
internal sealed class IrTabletopAnnual : ManualControl
{
    public override string Id => "ir-tabletop-annual";

    public override string Title => "Incident response tabletop exercise held";

    public override IReadOnlyList<string> Citations => ["164.308(a)(6)(ii)", "164.308(a)(7)(ii)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-040", "hipaa-048"];

    public override IReadOnlyList<string> Requirements => ["S36"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A tabletop exercise of the incident response and contingency plans within the last 12 months, with " +
        "findings and follow-ups.";

    public override string Rationale =>
        "Plans that were never rehearsed fail in their first real use; the exercise tests both incident " +
        "response and contingency procedures.";
}
