using PhiGuard.Core.Engine;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Test manual control.</summary>
internal sealed class AttestedItem(string id = "test-item", int maxAgeDays = 365, string citation = "164.308(a)(2)") : ManualControl
{
    public override string Id => id;

    public override string Title => "A person confirms it";

    public override IReadOnlyList<string> Citations => [citation];

    public override string EvidenceExpected => "a signed statement";

    public override int MaxAgeDays => maxAgeDays;
}
