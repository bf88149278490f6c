using System.Text.Json;

namespace PhiGuard.Core.Inventory;

/// <summary>
/// A pod template and the object that carries it (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// ReplicationController, Job, CronJob, or any kind with <c>spec.template.spec.containers</c>). Findings are
/// reported on <see cref="Object"/> with field paths starting at <see cref="PodSpecPath"/>.
/// </summary>
public sealed class Workload
{
    internal Workload(KubeObject obj, JsonElement podSpec, string podSpecPath, JsonElement? podMetadata)
    {
        Object = obj;
        PodSpec = podSpec;
        PodSpecPath = podSpecPath;
        PodMetadata = podMetadata;
    }

    public KubeObject Object { get; }

    /// <summary>The PodSpec (a Pod's <c>spec</c>, a controller's <c>spec.template.spec</c>, …).</summary>
    public JsonElement PodSpec { get; }

    /// <summary>Dotted path of <see cref="PodSpec"/> inside the object, e.g. <c>spec.template.spec</c>.</summary>
    public string PodSpecPath { get; }

    /// <summary>The pod template's metadata (labels of the pods it makes), or the Pod's own metadata.</summary>
    public JsonElement? PodMetadata { get; }

    /// <summary>Every container of the pod: init containers, containers and ephemeral containers, in that order.</summary>
    public IEnumerable<Container> Containers
    {
        get
        {
            foreach (var (list, type) in ContainerFields)
            {
                var i = 0;
                foreach (var c in PodSpec.GetArray(list))
                {
                    yield return new Container(c, type, i, c.GetString("name") ?? $"#{i}", $"{PodSpecPath}.{list}[{i}]");
                    i++;
                }
            }
        }
    }

    private static readonly (string Field, ContainerType Type)[] ContainerFields =
    [
        ("initContainers", ContainerType.Init),
        ("containers", ContainerType.Regular),
        ("ephemeralContainers", ContainerType.Ephemeral),
    ];

    public override string ToString() => Object.ToString();
}

/// <summary>Which list of the PodSpec a container comes from.</summary>
public enum ContainerType
{
    Init,
    Regular,
    Ephemeral,
}

/// <summary>One container of a workload, with the dotted path that names it in findings.</summary>
public sealed record Container(JsonElement Json, ContainerType Type, int Index, string Name, string Path);
