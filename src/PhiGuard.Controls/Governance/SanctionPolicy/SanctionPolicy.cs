using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: an approved sanction policy that states the consequences for workforce members who violate
/// security policies.
/// </summary>
internal sealed class SanctionPolicy : ManualControl
{
    public override string Id => "sanction-policy";

    public override string Title => "Sanction policy approved";

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-006"];

    public override IReadOnlyList<string> Requirements => ["S42"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "An approved sanction policy that states the consequences for workforce members who violate security " +
        "policies.";

    public override string Rationale =>
        "The rule requires sanctions against workforce members who fail to comply; a policy that exists and " +
        "is approved is the evidence.";
}
