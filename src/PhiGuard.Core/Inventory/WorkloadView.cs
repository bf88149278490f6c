using System.Text.Json;

namespace PhiGuard.Core.Inventory;

/// <summary>
/// Finds every pod-bearing object in an inventory. An object whose controlling owner is also in the inventory is
/// left out (a Pod of a ReplicaSet of a Deployment is judged once, on the Deployment), so nothing is counted twice.
/// </summary>
public static class WorkloadView
{
    public static IReadOnlyList<Workload> Build(Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var candidates = new List<Workload>();
        foreach (var o in inventory.Objects)
        {
            if (TryGetWorkload(o) is { } w)
            {
                candidates.Add(w);
            }
        }

        var byUid = new HashSet<string>(StringComparer.Ordinal);
        var byName = new HashSet<(string Kind, string? Ns, string Name)>();
        foreach (var w in candidates)
        {
            if (w.Object.Uid is { } uid)
            {
                byUid.Add(uid);
            }

            byName.Add((w.Object.Kind, w.Object.Namespace, w.Object.Name));
        }

        var result = new List<Workload>(candidates.Count);
        foreach (var w in candidates)
        {
            if (!HasControllerIn(w.Object, byUid, byName))
            {
                result.Add(w);
            }
        }

        return result;
    }

    /// <summary>The workload view of one object, or null when the object carries no pod template.</summary>
    public static Workload? TryGetWorkload(KubeObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var (path, metaPath) = (o.Group, o.Kind) switch
        {
            ("", "Pod") => ("spec", "metadata"),
            ("batch", "CronJob") => ("spec.jobTemplate.spec.template.spec", "spec.jobTemplate.spec.template.metadata"),
            ("apps", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") or ("", "ReplicationController") or ("batch", "Job")
                => ("spec.template.spec", "spec.template.metadata"),
            ("", "PodTemplate") => ("template.spec", "template.metadata"),
            _ => (null, null),
        };

        if (path is null)
        {
            // Any other kind (Argo Rollout, OpenShift DeploymentConfig, …) that carries a pod template.
            if (o.Json.GetPath("spec.template.spec") is { ValueKind: JsonValueKind.Object } generic &&
                generic.TryGetProperty("containers", out var cs) && cs.ValueKind == JsonValueKind.Array)
            {
                return new Workload(o, generic, "spec.template.spec", o.Json.GetPath("spec.template.metadata"));
            }

            return null;
        }

        if (o.Json.GetPath(path) is not { ValueKind: JsonValueKind.Object } spec)
        {
            return null;
        }

        return new Workload(o, spec, path, o.Json.GetPath(metaPath!));
    }

    private static bool HasControllerIn(KubeObject o, HashSet<string> uids, HashSet<(string, string?, string)> names)
    {
        if (o.Json.GetObject("metadata") is not { } meta)
        {
            return false;
        }

        foreach (var owner in meta.GetArray("ownerReferences"))
        {
            if (owner.GetBool("controller") != true)
            {
                continue;
            }

            if (owner.GetString("uid") is { } uid && uids.Contains(uid))
            {
                return true;
            }

            if (owner.GetString("kind") is { } kind && owner.GetString("name") is { } name &&
                names.Contains((kind, o.Namespace, name)))
            {
                return true;
            }
        }

        return false;
    }
}
