using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a statement that sensitive PHI fields are encrypted at the application or database layer, naming
/// the applications and the mechanism.
/// </summary>
internal sealed class AppLayerPhiEncryption : ManualControl
{
    public override string Id => "app-layer-phi-encryption";

    public override string Title => "Application-layer PHI encryption";

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-089"];

    public override IReadOnlyList<string> Requirements => ["S18"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A statement that sensitive PHI fields are encrypted at the application or database layer, naming the " +
        "applications and the mechanism.";

    public override string Rationale =>
        "Volume and etcd encryption do not protect PHI from anyone who can query the database; field-level " +
        "encryption limits what a compromised application credential exposes.";
}
