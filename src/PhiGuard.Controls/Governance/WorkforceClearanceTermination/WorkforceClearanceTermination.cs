using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a procedure for clearing workforce members before they get cluster or PHI access and for removing
/// access on exit, including IdP deprovisioning (proposed rule: within 1 hour) and notice to other covered
/// entities or business associates (within 24 hours).
/// </summary>
internal sealed class WorkforceClearanceTermination : ManualControl
{
    public override string Id => "workforce-clearance-termination";

    public override string Title => "Workforce clearance and termination procedure";

    public override IReadOnlyList<string> Citations => ["164.308(a)(3)(ii)(B)", "164.308(a)(3)(ii)(C)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(9)(ii)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-016", "hipaa-018"];

    public override IReadOnlyList<string> Requirements => ["S26"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A procedure for clearing workforce members before they get cluster or PHI access and for removing " +
        "access on exit, including IdP deprovisioning (proposed rule: within 1 hour) and notice to other " +
        "covered entities or business associates (within 24 hours).";

    public override string Rationale =>
        "Access that outlives employment is a common route to PHI exposure; the procedure makes removal of " +
        "IdP, RBAC and kubeconfig access a defined, timed step.";
}
