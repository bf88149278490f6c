using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Admission.Tests.Support;

/// <summary>A test-only workload control in every namespace: images must name a tag other than latest.</summary>
internal sealed class TestNoLatestTag : WorkloadControl
{
    public override string Id => "test-no-latest-tag";

    public override string Title => "test: images are not :latest";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(c)(1)"];

    public override string Rationale => "test";

    public override string Remediation => "test";

    public override ControlScope Scope => ControlScope.AllNamespaces;

    public override void Check(Workload workload, ControlContext context, Verdict verdict)
    {
        foreach (var c in workload.Containers)
        {
            var image = c.Json.GetString("image") ?? string.Empty;
            if (image.EndsWith(":latest", StringComparison.Ordinal))
            {
                verdict.Fail($"{c.Path}.image", $"container \"{c.Name}\" uses :latest");
            }
        }
    }
}

/// <summary>A test-only cluster control that always fails: admission must never run it.</summary>
internal sealed class TestClusterAlwaysFails : ClusterControl
{
    public override string Id => "test-cluster-always-fails";

    public override string Title => "test: cluster control";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(c)(1)"];

    public override string Rationale => "test";

    public override string Remediation => "test";

    public override void Check(ControlContext context, ClusterVerdict verdict) =>
        verdict.Fail(null, string.Empty, "always fails");
}
