using System.Net;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// The pods of one workload (or one Pod object) as a network endpoint: its namespace, the labels its pods carry,
/// their container ports and, for a running Pod, its IP address. A workload stands for every pod it makes.
/// </summary>
public sealed class PodEndpoint
{
    internal PodEndpoint(int index, KubeObject obj, IReadOnlyDictionary<string, string> labels, IReadOnlyList<NamedPort> ports, IPAddress? address)
    {
        Index = index;
        Object = obj;
        Namespace = obj.Namespace ?? "default";
        Labels = labels;
        NamedPorts = ports;
        Address = address;
    }

    /// <summary>Position in <see cref="NetworkModel.Endpoints"/>.</summary>
    public int Index { get; }

    public KubeObject Object { get; }

    public string Namespace { get; }

    public string Name => Object.Name;

    public string Kind => Object.Kind;

    /// <summary>The labels of the pods (the template's labels for a controller).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<NamedPort> NamedPorts { get; }

    /// <summary>status.podIP of a Pod object, when known.</summary>
    public IPAddress? Address { get; }

    /// <summary><c>namespace/name</c>; <see cref="QualifiedId"/> adds the kind.</summary>
    public string Id => $"{Namespace}/{Name}";

    public string QualifiedId => $"{Namespace}/{Kind}/{Name}";

    public override string ToString() => QualifiedId;
}
