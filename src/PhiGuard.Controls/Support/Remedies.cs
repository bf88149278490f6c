using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Support;

/// <summary>Helpers the remediations of workload controls share.</summary>
internal static class Remedies
{
    public const string EphemeralReason =
        "ephemeral (debug) containers cannot be changed once added: delete the Pod when debugging ends";

    /// <summary>
    /// The patch path of a container's field, or null (with a manual step at <paramref name="findingPath"/>) for an
    /// ephemeral container, which cannot be changed, or a container without a name to pick it by.
    /// </summary>
    public static PatchPath? ContainerField(Remediation remediation, Workload workload, Container container, string field, string findingPath)
    {
        if (container.Type == ContainerType.Ephemeral)
        {
            remediation.ManualStep(findingPath, EphemeralReason);
            return null;
        }

        if (PatchPath.Container(workload, container) is not { } path)
        {
            remediation.ManualStep(findingPath, $"container #{container.Index} has no name, so a strategic merge patch cannot pick it");
            return null;
        }

        return path.Fields(field);
    }

    /// <summary>The path of the pod template's metadata (<c>spec.template.metadata</c>; a Pod's <c>metadata</c>).</summary>
    public static PatchPath PodMetadata(Workload workload) =>
        PatchPath.Of(workload.PodSpecPath == "spec" ? "metadata"
            : workload.PodSpecPath.EndsWith(".spec", StringComparison.Ordinal) ? workload.PodSpecPath[..^".spec".Length] + ".metadata"
            : throw new InvalidOperationException($"no pod metadata beside {workload.PodSpecPath}"));

    /// <summary>A remediation that leaves every finding to a person, for a request without a pod template.</summary>
    public static Remediation AllManual(RemediationRequest request, string reason)
    {
        var r = new Remediation();
        foreach (var f in request.Findings)
        {
            r.ManualStep(f.Path, reason);
        }

        return r;
    }
}
