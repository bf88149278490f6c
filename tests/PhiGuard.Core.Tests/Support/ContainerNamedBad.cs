using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Test workload control: a container named "bad" fails, at its name's path.</summary>
internal sealed class ContainerNamedBad(string id = "test-container-named-bad", Severity severity = Severity.High, string citation = "164.312(a)(2)(iv)")
    : WorkloadControl
{
    public override string Id => id;

    public override string Title => "No container is named bad";

    public override Severity Severity => severity;

    public override IReadOnlyList<string> Citations => [citation];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(b)"];

    public override string Rationale => "test";

    public override string Remediation => "rename it";

    public override void Check(Workload workload, ControlContext context, Verdict verdict)
    {
        foreach (var c in workload.Containers)
        {
            if (c.Name == "bad")
            {
                verdict.Fail($"{c.Path}.name", $"container \"{c.Name}\" is named bad");
            }
        }
    }
}
