using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Manual shape: decided by an attestation in the config.</summary>
internal sealed class TestDrPlanControl : ManualControl
{
    public override string Id => "test-dr-plan-approved";

    public override string Title => "Disaster recovery plan is approved";

    public override IReadOnlyList<string> Citations => ["164.308(a)(7)(ii)(B)"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected => "The DR plan, approved by the security official, reviewed at least yearly.";
}
