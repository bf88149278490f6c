using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests.TestControls;

/// <summary>Workload shape: every container must set readOnlyRootFilesystem: true.</summary>
internal sealed class TestReadOnlyRootControl : WorkloadControl
{
    public override string Id => "test-readonly-root";

    public override string Title => "Containers run with a read-only root filesystem";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(1)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-003"];

    public override string Rationale => "A writable root filesystem lets an intruder persist tools next to ePHI.";

    public override string Remediation => "Set securityContext.readOnlyRootFilesystem: true on every container; mount an emptyDir for scratch space.";

    public override void Check(Workload workload, ControlContext context, Verdict verdict)
    {
        foreach (var c in workload.Containers)
        {
            if (c.Json.GetObject("securityContext")?.GetBool("readOnlyRootFilesystem") != true)
            {
                verdict.Fail($"{c.Path}.securityContext.readOnlyRootFilesystem", $"container \"{c.Name}\" does not set readOnlyRootFilesystem: true");
            }
        }
    }
}
