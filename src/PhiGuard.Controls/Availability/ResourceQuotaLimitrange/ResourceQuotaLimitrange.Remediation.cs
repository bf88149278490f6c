using PhiGuard.Controls.Support;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Availability;

/// <summary>
/// The fix for <c>resource-quota-limitrange</c>'s container findings: a memory limit equal to the container's own memory
/// request, the one value the manifest itself justifies; quotas, limit ranges and containers without a request stay manual.
/// </summary>
internal sealed partial class ResourceQuotaLimitrange : IRemediable
{
    public Remediation Suggest(RemediationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Workload is not { } w)
        {
            // A Namespace or ResourceQuota finding: the fix is a new object (or new quota entries) whose sizes only the
            // team that runs the namespace can choose.
            return Remedies.AllManual(request,
                "create or extend the namespace's ResourceQuota and LimitRange; their sizes depend on the workloads' real needs");
        }

        var r = new Remediation();
        foreach (var finding in request.Findings)
        {
            var container = w.Containers.FirstOrDefault(c => finding.Path == $"{c.Path}.resources.limits.memory");
            if (container is null)
            {
                r.ManualStep(finding.Path, "not a container's memory limit");
                continue;
            }

            // Limit = request gives the container the memory it asked for and no more (Guaranteed for memory); any
            // other number would be a guess. Without a request there is nothing in the manifest to size a limit from.
            if (container.Json.GetPath("resources.requests")?.GetString("memory") is not { Length: > 0 } requested)
            {
                r.ManualStep(finding.Path,
                    $"container \"{container.Name}\" requests no memory: measure its working set and set resources.limits.memory");
                continue;
            }

            if (Remedies.ContainerField(r, w, container, "resources.limits.memory", finding.Path) is { } path)
            {
                r.Set(path, requested, $"container \"{container.Name}\": memory limit = its memory request ({requested})");
            }
        }

        return r.Note("A memory limit equal to the request stops one container from taking memory its neighbours were " +
                      "promised; if the process needs bursts above its request, raise both together after measuring.");
    }
}
