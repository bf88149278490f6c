using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a statement that workstations holding kubeconfigs are managed, disk-encrypted and screen-locked.
/// </summary>
internal sealed class AdminWorkstationSecurity : ManualControl
{
    public override string Id => "admin-workstation-security";

    public override string Title => "Admin workstations are secured";

    public override IReadOnlyList<string> Citations => ["164.310(b)", "164.310(c)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-069", "hipaa-073"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A statement that workstations holding kubeconfigs are managed, disk-encrypted and screen-locked.";

    public override string Rationale =>
        "A kubeconfig on a laptop is a key to the cluster; workstation use and security rules apply to the " +
        "machines administrators use.";

    public override string? Remarks =>
        "CONTROLS.md maps this item to no S row.";
}
