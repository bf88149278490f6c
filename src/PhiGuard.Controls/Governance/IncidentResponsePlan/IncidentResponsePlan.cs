using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a written incident response plan with Kubernetes playbooks (isolate a namespace with a
/// NetworkPolicy, revoke tokens, cordon nodes) and on-call escalation.
/// </summary>
internal sealed class IncidentResponsePlan : ManualControl
{
    public override string Id => "incident-response-plan";

    public override string Title => "Incident response plan with Kubernetes playbooks";

    public override IReadOnlyList<string> Citations => ["164.308(a)(6)(i)", "164.308(a)(6)(ii)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(12)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-038", "hipaa-039"];

    public override IReadOnlyList<string> Requirements => ["S36"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A written incident response plan with Kubernetes playbooks (isolate a namespace with a " +
        "NetworkPolicy, revoke tokens, cordon nodes) and on-call escalation.";

    public override string Rationale =>
        "An incident in a cluster moves fast; prepared playbooks shorten the time between detection and " +
        "containment and keep the evidence needed to decide on breach notification.";

    public override string? Remarks =>
        "CONTROLS.md cites the standard 164.308(a)(6); it is recorded as the standard 164.308(a)(6)(i) and " +
        "its specification 164.308(a)(6)(ii), which the plan implements.";
}
