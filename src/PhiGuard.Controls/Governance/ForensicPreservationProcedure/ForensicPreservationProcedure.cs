using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a procedure to preserve audit logs and pod and node state (for example a Velero backup or a node
/// disk snapshot) before remediation, while service is restored.
/// </summary>
internal sealed class ForensicPreservationProcedure : ManualControl
{
    public override string Id => "forensic-preservation-procedure";

    public override string Title => "Forensic preservation procedure";

    public override IReadOnlyList<string> Citations => ["164.308(a)(6)(ii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-039"];

    public override IReadOnlyList<string> Requirements => ["S37"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A procedure to preserve audit logs and pod and node state (for example a Velero backup or a node " +
        "disk snapshot) before remediation, while service is restored.";

    public override string Rationale =>
        "Rebuilding pods destroys evidence; without preserved artefacts an incident cannot be documented or " +
        "its scope (and so the breach decision) established.";
}
