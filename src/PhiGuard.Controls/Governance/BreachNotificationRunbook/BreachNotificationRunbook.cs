using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a runbook for the four-factor breach risk assessment, the 60-day notification clock and
/// business-associate-to-covered-entity reporting.
/// </summary>
internal sealed class BreachNotificationRunbook : ManualControl
{
    public override string Id => "breach-notification-runbook";

    public override string Title => "Breach notification runbook";

    public override IReadOnlyList<string> Citations => ["164.314(a)(2)(i)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-114"];

    public override IReadOnlyList<string> Requirements => ["S36"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A runbook for the four-factor breach risk assessment, the 60-day notification clock and " +
        "business-associate-to-covered-entity reporting.";

    public override string Rationale =>
        "A business associate must report security incidents and breaches of unsecured PHI to the covered " +
        "entity; the runbook makes the clock and the assessment repeatable.";

    public override string? Remarks =>
        "CONTROLS.md also cites 164.400-164.414 (the Breach Notification Rule), which is outside the Security " +
        "Rule catalog PhiGuard reports on, and 164.314(a)(2)(i)(C), which the catalog records as part of " +
        "164.314(a)(2)(i).";
}
