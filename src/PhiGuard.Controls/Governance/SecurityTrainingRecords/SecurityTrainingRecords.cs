using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: training completion records for every workforce member with cluster or PHI access, each no older
/// than 12 months (proposed rule: also within 30 days of getting access), and the periodic security reminders
/// sent.
/// </summary>
internal sealed class SecurityTrainingRecords : ManualControl
{
    public override string Id => "security-training-records";

    public override string Title => "Security awareness training completed";

    public override IReadOnlyList<string> Citations => ["164.308(a)(5)(i)", "164.308(a)(5)(ii)(A)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(11)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-033", "hipaa-034"];

    public override IReadOnlyList<string> Requirements => ["S42"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "Training completion records for every workforce member with cluster or PHI access, each no older " +
        "than 12 months (proposed rule: also within 30 days of getting access), and the periodic security " +
        "reminders sent.";

    public override string Rationale =>
        "People operate the controls: engineers with cluster access need to recognise phishing, handle " +
        "credentials and report incidents.";
}
