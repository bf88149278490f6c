using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Where PHI lives and what may reach it: the workloads, Services and Ingresses of PHI namespaces, every allowed
/// flow into, inside and out of them (from the reachability engine), and egress to the internet and the cloud
/// metadata address. Nodes and edges are sorted so the same input gives the same map.
/// </summary>
public sealed class PhiFlowMap
{
    public const string InternetId = "internet";
    public const string InternetEgressId = "internet-egress";
    public const string MetadataId = "cloud-metadata";

    private PhiFlowMap(IReadOnlyList<string> phiNamespaces, IReadOnlyList<MapNode> nodes, IReadOnlyList<MapEdge> edges)
    {
        PhiNamespaces = phiNamespaces;
        Nodes = nodes;
        Edges = edges;
    }

    public IReadOnlyList<string> PhiNamespaces { get; }

    public IReadOnlyList<MapNode> Nodes { get; }

    public IReadOnlyList<MapEdge> Edges { get; }

    /// <summary>Builds the map of <paramref name="phiNamespaces"/> from the inventory and its network model.</summary>
    public static PhiFlowMap Build(Inventory.Inventory inventory, NetworkModel model, IReadOnlyList<string> phiNamespaces)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(phiNamespaces);
        var phi = phiNamespaces.ToHashSet(StringComparer.Ordinal);
        var nodes = new Dictionary<string, MapNode>(StringComparer.Ordinal);
        var edges = new HashSet<MapEdge>();
        var matrix = ReachMatrix.Compute(model);
        var phiPods = model.Endpoints.Where(e => phi.Contains(e.Namespace)).ToList();
        foreach (var p in phiPods)
        {
            nodes[NodeId(p)] = new MapNode(NodeId(p), $"{p.Kind} {p.Name}", MapNodeKind.Workload, p.Namespace, true);
        }

        foreach (var target in phiPods)
        {
            foreach (var source in model.Endpoints)
            {
                if (source.Index == target.Index || !matrix.Allowed(source.Index, target.Index))
                {
                    continue;
                }

                nodes.TryAdd(NodeId(source), new MapNode(NodeId(source), $"{source.Kind} {source.Name}", MapNodeKind.Workload, source.Namespace, phi.Contains(source.Namespace)));
                edges.Add(new MapEdge(NodeId(source), NodeId(target), PortsOf(model, source, target), true));
            }

            // Outbound flows from PHI to workloads outside PHI namespaces.
            foreach (var dest in model.Endpoints.Where(e => !phi.Contains(e.Namespace)))
            {
                if (matrix.Allowed(target.Index, dest.Index))
                {
                    nodes.TryAdd(NodeId(dest), new MapNode(NodeId(dest), $"{dest.Kind} {dest.Name}", MapNodeKind.Workload, dest.Namespace, false));
                    edges.Add(new MapEdge(NodeId(target), NodeId(dest), PortsOf(model, target, dest), true));
                }
            }

            if (ExternalProbes.ReachesInternet(model, target, out _))
            {
                // A node of its own, so the map shows clients coming in and PHI going out as two separate facts.
                nodes.TryAdd(InternetEgressId, new MapNode(InternetEgressId, "Internet (egress)", MapNodeKind.Internet, null, false));
                edges.Add(new MapEdge(NodeId(target), InternetEgressId, "egress", true));
            }

            if (model.CanReach(target, NetworkAddress.CloudMetadata))
            {
                nodes.TryAdd(MetadataId, new MapNode(MetadataId, "Cloud metadata 169.254.169.254", MapNodeKind.CloudMetadata, null, false));
                edges.Add(new MapEdge(NodeId(target), MetadataId, "egress", true));
            }
        }

        AddServicesAndIngresses(inventory, model, phi, nodes, edges);
        return new PhiFlowMap(
            phiNamespaces.Order(StringComparer.Ordinal).ToList(),
            nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal).ToList(),
            edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList());
    }

    private static void AddServicesAndIngresses(Inventory.Inventory inventory, NetworkModel model, HashSet<string> phi,
        Dictionary<string, MapNode> nodes, HashSet<MapEdge> edges)
    {
        foreach (var svc in inventory.OfKind("", "Service").Where(s => s.Namespace is not null && phi.Contains(s.Namespace)))
        {
            var id = $"svc:{svc.Namespace}/{svc.Name}";
            var type = svc.Json.GetPath("spec.type")?.GetString() ?? "ClusterIP";
            nodes[id] = new MapNode(id, $"Service {svc.Name} ({type})", MapNodeKind.Service, svc.Namespace, true);
            if (svc.Json.GetPath("spec.selector") is { ValueKind: JsonValueKind.Object } sel)
            {
                var selector = LabelSelector.FromLabels(sel.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal));
                foreach (var pod in model.Endpoints.Where(e => e.Namespace == svc.Namespace && selector.Matches(e.Labels)))
                {
                    edges.Add(new MapEdge(id, NodeId(pod), "selects", false));
                }
            }

            if (type is "LoadBalancer" or "NodePort" || svc.Json.GetPath("spec")?.GetArray("externalIPs").Any() == true)
            {
                nodes.TryAdd(InternetId, new MapNode(InternetId, "Internet (clients)", MapNodeKind.Internet, null, false));
                edges.Add(new MapEdge(InternetId, id, type, false));
            }
        }

        foreach (var ing in inventory.OfKind("networking.k8s.io", "Ingress").Where(i => i.Namespace is not null && phi.Contains(i.Namespace)))
        {
            var id = $"ing:{ing.Namespace}/{ing.Name}";
            var hosts = ing.Json.GetPath("spec")?.GetArray("rules").Select(r => r.GetString("host")).Where(h => h is not null).ToList() ?? [];
            nodes[id] = new MapNode(id, $"Ingress {ing.Name}{(hosts.Count > 0 ? " " + string.Join(",", hosts) : string.Empty)}", MapNodeKind.Ingress, ing.Namespace, true);
            nodes.TryAdd(InternetId, new MapNode(InternetId, "Internet (clients)", MapNodeKind.Internet, null, false));
            edges.Add(new MapEdge(InternetId, id, "https", false));
            var backends = new SortedSet<string>(StringComparer.Ordinal);
            if (ing.Json.GetPath("spec.defaultBackend.service.name") is { ValueKind: JsonValueKind.String } d)
            {
                backends.Add(d.GetString()!);
            }

            foreach (var rule in ing.Json.GetPath("spec")?.GetArray("rules") ?? [])
            {
                foreach (var path in rule.GetObject("http")?.GetArray("paths") ?? [])
                {
                    if (path.GetPath("backend.service.name") is { ValueKind: JsonValueKind.String } b)
                    {
                        backends.Add(b.GetString()!);
                    }
                }
            }

            foreach (var b in backends)
            {
                var svcId = $"svc:{ing.Namespace}/{b}";
                if (nodes.ContainsKey(svcId))
                {
                    edges.Add(new MapEdge(id, svcId, "routes", false));
                }
            }
        }
    }

    private static string NodeId(PodEndpoint e) => $"wl:{e.Namespace}/{e.Kind}/{e.Name}";

    private static string PortsOf(NetworkModel model, PodEndpoint from, PodEndpoint to)
    {
        var ports = model.Reach(NetworkAddress.Of(from), NetworkAddress.Of(to)).Ports;
        var text = string.Join(",", ports.Select(p => p.ToString()));
        return ports.Count == 3 && ports.All(p => p.From == 1 && p.To == 65535) ? "any port" : text;
    }
}
