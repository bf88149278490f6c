using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: the cloud provider's or colocation's physical security and media disposal controls, evidenced by
/// the BAA and current attestation reports (SOC 2, ISO 27001).
/// </summary>
internal sealed class PhysicalAndMediaInherited : ManualControl
{
    public override string Id => "physical-and-media-inherited";

    public override string Title => "Physical and media controls inherited from the provider";

    public override IReadOnlyList<string> Citations => ["164.310(a)(1)", "164.310(a)(2)(i)", "164.310(a)(2)(ii)", "164.310(a)(2)(iii)", "164.310(a)(2)(iv)", "164.310(d)(2)(i)", "164.310(d)(2)(ii)", "164.310(d)(2)(iii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-060", "hipaa-062", "hipaa-064", "hipaa-066", "hipaa-074", "hipaa-075", "hipaa-076"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "The cloud provider's or colocation's physical security and media disposal controls, evidenced by the " +
        "BAA and current attestation reports (SOC 2, ISO 27001).";

    public override string Rationale =>
        "Facility access, maintenance records and disposal of failed disks are performed by the provider; the " +
        "covered entity relies on, and must evidence, the provider's controls.";

    public override string? Remarks =>
        "CONTROLS.md maps this item to no S row.";
}
