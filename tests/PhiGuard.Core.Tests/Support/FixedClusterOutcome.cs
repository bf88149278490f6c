using PhiGuard.Core.Engine;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Test cluster control that reports one fixed cluster-level outcome (or throws), for roll-up tests.</summary>
internal sealed class FixedClusterOutcome(string id, Status status, Severity severity, string citation, bool throws = false)
    : ClusterControl
{
    public override string Id => id;

    public override string Title => id;

    public override Severity Severity => severity;

    public override IReadOnlyList<string> Citations => [citation];

    public override string Rationale => "test";

    public override string Remediation => "test";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        if (throws)
        {
            throw new InvalidOperationException("boom");
        }

        switch (status)
        {
            case Status.Pass: verdict.Pass(null, "ok"); break;
            case Status.Fail: verdict.Fail(null, string.Empty, "not ok"); break;
            case Status.NotAssessable: verdict.NotAssessable("cannot see it"); break;
            case Status.NotApplicable: verdict.NotApplicable("nothing here"); break;
            default: throw new InvalidOperationException($"unsupported status {status}");
        }
    }
}
