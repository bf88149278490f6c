using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Manual shape: decided by an attestation in the config.</summary>
internal sealed class TestTrainingControl : ManualControl
{
    public override string Id => "test-workforce-training";

    public override string Title => "Workforce security training is current";

    public override IReadOnlyList<string> Citations => ["164.308(a)(5)(i)"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected => "Training records for everyone with access to PHI namespaces, completed within 12 months.";
}
