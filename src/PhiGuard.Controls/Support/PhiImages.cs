using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>Every container image of the workloads in PHI namespaces, with the workload and container naming it.</summary>
internal static class PhiImages
{
    public static IEnumerable<(Workload Workload, Container Container, string Image, ImageRef Ref)> Of(ControlContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var w in context.Workloads)
        {
            if (!context.Scope.IsPhi(w.Object.Namespace))
            {
                continue;
            }

            foreach (var c in w.Containers)
            {
                if (c.Json.GetString("image") is { Length: > 0 } image)
                {
                    yield return (w, c, image, ImageRef.Parse(image));
                }
            }
        }
    }
}
