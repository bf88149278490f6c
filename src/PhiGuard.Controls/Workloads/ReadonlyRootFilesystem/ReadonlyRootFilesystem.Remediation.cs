using PhiGuard.Controls.Support;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Workloads;

/// <summary>The fix for <c>readonly-root-filesystem</c>: <c>readOnlyRootFilesystem: true</c> on each container that lacks it.</summary>
internal sealed partial class ReadonlyRootFilesystem : IRemediable
{
    public Remediation Suggest(RemediationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Workload is not { } w)
        {
            return Remedies.AllManual(request, "not a pod template");
        }

        var r = new Remediation();
        foreach (var c in w.Containers)
        {
            var finding = $"{c.Path}.securityContext.readOnlyRootFilesystem";
            if (c.Json.GetObject("securityContext")?.GetBool("readOnlyRootFilesystem") != true &&
                Remedies.ContainerField(r, w, c, "securityContext.readOnlyRootFilesystem", finding) is { } path)
            {
                r.Set(path, true, $"container \"{c.Name}\": read-only root filesystem");
            }
        }

        // Adding an emptyDir would be a guess: which paths the process writes is not visible in the manifest.
        return r.Note("A read-only root refuses writes outside mounted volumes. If the process writes to /tmp, a cache or " +
                      "its home directory, mount an emptyDir (with sizeLimit) there; PhiGuard adds none, since it cannot " +
                      "see which paths the process writes.");
    }
}
