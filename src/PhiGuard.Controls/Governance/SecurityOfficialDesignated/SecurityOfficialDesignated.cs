using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a signed designation naming the individual responsible for HIPAA security, including the
/// Kubernetes platform.
/// </summary>
internal sealed class SecurityOfficialDesignated : ManualControl
{
    public override string Id => "security-official-designated";

    public override string Title => "Security official designated";

    public override IReadOnlyList<string> Citations => ["164.308(a)(2)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-010", "hipaa-011"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A signed designation naming the individual responsible for HIPAA security, including the Kubernetes " +
        "platform.";

    public override string Rationale =>
        "One named person must own security decisions; without that, exceptions, waivers and incident " +
        "escalations have no accountable approver.";

    public override string? Remarks =>
        "CONTROLS.md maps this item to no S row; it is re-attested yearly so a departed official is noticed.";
}
