using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a human-reviewed diagram of where PHI resides and moves in and out of the cluster, seeded from
/// PhiGuard's network map.
/// </summary>
internal sealed class ArchitectureDataflowDiagram : ManualControl
{
    public override string Id => "architecture-dataflow-diagram";

    public override string Title => "Architecture and data-flow diagram reviewed";

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(A)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-001"];

    public override IReadOnlyList<string> Requirements => ["S41"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A human-reviewed diagram of where PHI resides and moves in and out of the cluster, seeded from " +
        "PhiGuard's network map.";

    public override string Rationale =>
        "Risk analysis needs to know where ePHI flows; the proposed rule makes a network map of ePHI movement " +
        "an explicit requirement.";
}
