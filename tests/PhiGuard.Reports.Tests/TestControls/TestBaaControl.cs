using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Manual shape: decided by an attestation in the config.</summary>
internal sealed class TestBaaControl : ManualControl
{
    public override string Id => "test-baa-executed";

    public override string Title => "Business associate agreements are signed";

    public override IReadOnlyList<string> Citations => ["164.308(b)(3)", "164.314(a)(2)(i)"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected => "Signed BAAs with every provider that stores or processes ePHI, including subcontractor flow-down.";
}
