using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a statement per PHI application that idle user sessions are terminated after a defined period.
/// </summary>
internal sealed class AppSessionTimeout : ManualControl
{
    public override string Id => "app-session-timeout";

    public override string Title => "PHI applications end idle sessions";

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-088"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A statement per PHI application that idle user sessions are terminated after a defined period.";

    public override string Rationale =>
        "Automatic logoff protects PHI on unattended screens; it is implemented in the applications, outside " +
        "the cluster's view.";

    public override string? Remarks =>
        "CONTROLS.md maps this item to no S row.";
}
