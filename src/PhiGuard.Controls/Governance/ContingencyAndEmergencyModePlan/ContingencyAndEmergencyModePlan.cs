using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a disaster recovery plan with priorities, failover criteria, RTO and RPO per PHI workload
/// (matching the workloads' phiguard.io/rto and phiguard.io/rpo annotations) and emergency-mode operation.
/// </summary>
internal sealed class ContingencyAndEmergencyModePlan : ManualControl
{
    public override string Id => "contingency-and-emergency-mode-plan";

    public override string Title => "Contingency and emergency mode plan";

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(ii)(B)", "164.308(a)(7)(ii)(C)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.308(a)(13)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-045", "hipaa-046", "hipaa-047"];

    public override IReadOnlyList<string> Requirements => ["S38"];

    public override EvidenceKind Evidence => EvidenceKind.Document;

    public override string EvidenceExpected =>
        "A disaster recovery plan with priorities, failover criteria, RTO and RPO per PHI workload (matching " +
        "the workloads' phiguard.io/rto and phiguard.io/rpo annotations) and emergency-mode operation.";

    public override string Rationale =>
        "Availability of ePHI is a Security Rule objective: the plan decides what is restored first and how " +
        "critical services keep running while degraded.";
}
