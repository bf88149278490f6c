using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a key management procedure: rotation schedule, separation of duties between key administrators
/// and cluster administrators, re-encryption of Secrets after a KEK or provider change, and monitoring of key
/// use.
/// </summary>
internal sealed class KeyManagementProcedure : ManualControl
{
    public override string Id => "key-management-procedure";

    public override string Title => "Key management procedure";

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-089"];

    public override IReadOnlyList<string> Requirements => ["S19", "S23"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A key management procedure: rotation schedule, separation of duties between key administrators and " +
        "cluster administrators, re-encryption of Secrets after a KEK or provider change, and monitoring of " +
        "key use.";

    public override string Rationale =>
        "Encryption protects PHI only while keys are controlled; the procedure covers what the cluster cannot " +
        "show, such as who may administer keys.";
}
