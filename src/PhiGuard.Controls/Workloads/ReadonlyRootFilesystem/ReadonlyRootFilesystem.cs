using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Workloads;

/// <summary>
/// Every container of a PHI workload (init, regular and ephemeral) sets
/// <c>securityContext.readOnlyRootFilesystem: true</c>.
/// </summary>
internal sealed partial class ReadonlyRootFilesystem : WorkloadControl
{
    public override string Id => "readonly-root-filesystem";

    public override string Title => "Containers in PHI namespaces have a read-only root filesystem";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(c)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-099"];

    public override IReadOnlyList<string> Requirements => ["S8", "S29"];

    public override string Rationale =>
        "A writable root filesystem lets an intruder drop tools, alter binaries or stage copied PHI inside the " +
        "container. A read-only root keeps the image as built and pushes every write to declared volumes, where it " +
        "can be sized, encrypted and audited. Pod Security `restricted` does not require it, so it needs its own check.";

    public override string Remediation =>
        "Set `securityContext.readOnlyRootFilesystem: true` on every container, init container and ephemeral " +
        "container; mount an `emptyDir` (with `sizeLimit`) at the paths the process writes to, such as /tmp or a cache " +
        "directory. Enforce it at admission with a ValidatingAdmissionPolicy or Kyverno policy.";

    public override string Remarks =>
        "The field exists only on the container securityContext (the pod securityContext has none), so each " +
        "container is judged on its own and each offender is a finding at its own path. Ephemeral (debug) containers " +
        "count: they run with the pod's volumes. Windows pods (`spec.os.name: windows`) cannot set the field, so they " +
        "are not-assessable instead of failing; attest an equivalent control for them.";

    public override void Check(Workload workload, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(verdict);
        if (workload.PodSpec.GetObject("os")?.GetString("name") == "windows")
        {
            verdict.NotAssessable("Windows pods cannot set readOnlyRootFilesystem");
            return;
        }

        var count = 0;
        foreach (var c in workload.Containers)
        {
            count++;
            var value = c.Json.GetObject("securityContext")?.GetBool("readOnlyRootFilesystem");
            if (value != true)
            {
                var kind = c.Type switch
                {
                    ContainerType.Init => "init container",
                    ContainerType.Ephemeral => "ephemeral container",
                    _ => "container",
                };
                verdict.Fail($"{c.Path}.securityContext.readOnlyRootFilesystem", value == false
                    ? $"{kind} \"{c.Name}\" sets readOnlyRootFilesystem: false"
                    : $"{kind} \"{c.Name}\" does not set readOnlyRootFilesystem: true");
            }
        }

        verdict.Pass($"every container ({count}) has a read-only root filesystem");
    }
}
