using System.Net;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// The cluster's pods (one endpoint per workload or Pod) and NetworkPolicies, answering whether traffic may flow
/// between two addresses under NetworkPolicy v1 semantics: a pod is isolated in a direction once any policy
/// selects it for that direction; then only the union of those policies' rules admits traffic; traffic flows only
/// when the source's egress and the destination's ingress both admit it.
/// </summary>
public sealed class NetworkModel
{
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    private static readonly IReadOnlyList<PortRange> AllPorts =
        TrafficPort.Protocols.Select(p => new PortRange(p, 1, 65535)).ToArray();

    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels;
    private readonly List<PolicyModel>[] ingressPolicies;
    private readonly List<PolicyModel>[] egressPolicies;
    private readonly Lazy<ReachIndex> index;

    private NetworkModel(IReadOnlyList<PodEndpoint> endpoints, IReadOnlyList<PolicyModel> policies,
        Dictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels, IReadOnlyList<string> problems)
    {
        Endpoints = endpoints;
        Policies = policies;
        this.namespaceLabels = namespaceLabels;
        Problems = problems;
        index = new Lazy<ReachIndex>(() => new ReachIndex(this), LazyThreadSafetyMode.ExecutionAndPublication);
        ingressPolicies = new List<PolicyModel>[endpoints.Count];
        egressPolicies = new List<PolicyModel>[endpoints.Count];
        HasOrderedRules = policies.Any(p => p.Ordered || p.Ingress.Concat(p.Egress).Any(r => r.Action != RuleAction.Allow));
        var byNamespace = policies.Where(p => !p.Clusterwide).GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var clusterwide = policies.Where(p => p.Clusterwide).ToList();
        foreach (var e in endpoints)
        {
            ingressPolicies[e.Index] = [];
            egressPolicies[e.Index] = [];
            var candidates = byNamespace.TryGetValue(e.Namespace, out var inNamespace) ? inNamespace : [];
            var nsLabels = NamespaceLabels(e.Namespace);
            foreach (var p in clusterwide.Count == 0 ? candidates : candidates.Concat(clusterwide))
            {
                if (!p.Selects(e, nsLabels))
                {
                    continue;
                }

                if (p.IsolatesIngress)
                {
                    ingressPolicies[e.Index].Add(p);
                }

                if (p.IsolatesEgress)
                {
                    egressPolicies[e.Index].Add(p);
                }
            }
        }
    }

    public IReadOnlyList<PodEndpoint> Endpoints { get; }

    /// <summary>
    /// True when some policy is order-dependent (Calico) or has deny/pass/log rules (Cilium deny, Calico): sides are
    /// then evaluated in order, and the index answers pair by pair (see <see cref="ReachIndex"/>).
    /// </summary>
    public bool HasOrderedRules { get; }

    public IReadOnlyList<PolicyModel> Policies { get; }

    /// <summary>
    /// The set-based reachability index over every endpoint, built on first use and kept with the model, so a scan
    /// (which builds the model once per inventory) computes every rule's peer set once for all its controls.
    /// </summary>
    public ReachIndex Index => index.Value;

    /// <summary>Policies that could not be read in full (a bad CIDR, …), as messages naming the policy and field.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Builds the model: endpoints from the workload view (each workload stands for its pods) and policies.</summary>
    public static NetworkModel Build(Inventory.Inventory inventory) => Build(inventory, WorkloadView.Build(inventory));

    /// <summary>Builds the model from a workload view already computed for <paramref name="inventory"/> (a scan has one).</summary>
    public static NetworkModel Build(Inventory.Inventory inventory, IReadOnlyList<Workload> workloads)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(workloads);
        var endpoints = new List<PodEndpoint>(workloads.Count);
        foreach (var w in workloads)
        {
            endpoints.Add(ToEndpoint(endpoints.Count, w));
        }

        var problems = new List<string>();
        var policies = new List<PolicyModel>();
        foreach (var p in inventory.OfKind("networking.k8s.io", "NetworkPolicy"))
        {
            policies.Add(NetworkPolicyReader.Read(p, problems));
        }

        // CNI policies, translated into the same model (docs/network.md says what is not modelled).
        foreach (var kind in new[] { "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy" })
        {
            foreach (var p in inventory.OfKind("cilium.io", kind))
            {
                policies.AddRange(CiliumPolicyReader.Read(p, problems));
            }
        }

        foreach (var group in new[] { "projectcalico.org", "crd.projectcalico.org" })
        {
            foreach (var kind in new[] { "NetworkPolicy", "GlobalNetworkPolicy" })
            {
                foreach (var p in inventory.OfKind(group, kind))
                {
                    policies.Add(CalicoPolicyReader.Read(p, problems));
                }
            }
        }

        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var ns in inventory.NamespaceNames)
        {
            var map = inventory.NamespaceObjects.TryGetValue(ns, out var obj)
                ? new Dictionary<string, string>(obj.Labels, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);

            // The API server sets this label on every namespace (since 1.22); manifests often leave it out.
            map[NamespaceNameLabel] = ns;
            labels[ns] = map;
        }

        return new NetworkModel(endpoints, policies, labels, problems);
    }

    /// <summary>The labels of a namespace, including <c>kubernetes.io/metadata.name</c>.</summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        if (namespaceLabels.TryGetValue(ns, out var labels))
        {
            return labels;
        }

        return new Dictionary<string, string>(StringComparer.Ordinal) { [NamespaceNameLabel] = ns };
    }

    /// <summary>Policies that isolate the endpoint's pods for ingress (select it and include Ingress).</summary>
    public IReadOnlyList<PolicyModel> IngressPoliciesOf(PodEndpoint pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Index >= 0 ? ingressPolicies[pod.Index] : Policies.Where(p => p.IsolatesIngress && p.Selects(pod, NamespaceLabels(pod.Namespace))).ToList();
    }

    /// <summary>Policies that isolate the endpoint's pods for egress.</summary>
    public IReadOnlyList<PolicyModel> EgressPoliciesOf(PodEndpoint pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Index >= 0 ? egressPolicies[pod.Index] : Policies.Where(p => p.IsolatesEgress && p.Selects(pod, NamespaceLabels(pod.Namespace))).ToList();
    }

    /// <summary>
    /// The cluster DNS pods (label <c>k8s-app=kube-dns</c>), or, when the input holds none, a stand-in with the labels
    /// and ports kube-dns and CoreDNS deployments use, so policies that allow DNS by selector can still be judged.
    /// </summary>
    public IReadOnlyList<PodEndpoint> DnsEndpoints()
    {
        var found = Endpoints.Where(e => e.Labels.TryGetValue("k8s-app", out var v) && v == "kube-dns").ToList();
        if (found.Count > 0)
        {
            return found;
        }

        using var doc = JsonDocument.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"coredns","namespace":"kube-system"}}""");
        var obj = KubeObject.Create(doc.RootElement.Clone());
        return
        [
            new PodEndpoint(-1, obj, new Dictionary<string, string>(StringComparer.Ordinal) { ["k8s-app"] = "kube-dns" },
                [new NamedPort("dns", 53, "UDP"), new NamedPort("dns-tcp", 53, "TCP")], null),
        ];
    }

    /// <summary>
    /// Finds endpoints by <c>ns/name</c> or <c>ns/kind/name</c> (kind case-insensitive); several results mean the
    /// name is ambiguous.
    /// </summary>
    public IReadOnlyList<PodEndpoint> Find(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var parts = reference.Split('/');
        return parts.Length switch
        {
            2 => Endpoints.Where(e => e.Namespace == parts[0] && e.Name == parts[1]).ToList(),
            3 => Endpoints.Where(e => e.Namespace == parts[0] && string.Equals(e.Kind, parts[1], StringComparison.OrdinalIgnoreCase) && e.Name == parts[2]).ToList(),
            _ => [],
        };
    }

    /// <summary>Whether traffic from <paramref name="from"/> may reach <paramref name="to"/> on a port (null: on any port).</summary>
    public ReachResult Reach(NetworkAddress from, NetworkAddress to, TrafficPort? port = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var egress = from.Pod is { } src ? Side(EgressPoliciesOf(src), p => p.Egress, to, to.Pod, port) : ExternalSide(port);
        var ingress = to.Pod is { } dst ? Side(IngressPoliciesOf(dst), p => p.Ingress, from, dst, port) : ExternalSide(port);
        if (port is { } one)
        {
            var ok = egress.Allowed && ingress.Allowed;
            return new ReachResult
            {
                From = from,
                To = to,
                Port = one,
                Allowed = ok,
                Egress = egress,
                Ingress = ingress,
                Ports = ok ? [new PortRange(one.Protocol, one.Number, one.Number)] : [],
            };
        }

        var common = Intersect(egress.Ports, ingress.Ports);
        return new ReachResult
        {
            From = from,
            To = to,
            Port = null,
            Allowed = common.Count > 0,
            Egress = egress,
            Ingress = ingress,
            Ports = common,
        };
    }

    /// <summary>Whether the endpoint may reach <paramref name="ip"/> on some port (or on <paramref name="port"/>).</summary>
    public bool CanReach(PodEndpoint from, IPAddress ip, TrafficPort? port = null) =>
        Reach(NetworkAddress.Of(from), NetworkAddress.Of(ip), port).Allowed;

    private SideDecision Side(IReadOnlyList<PolicyModel> isolating, Func<PolicyModel, IReadOnlyList<PolicyRule>> rulesOf,
        NetworkAddress peer, PodEndpoint? destination, TrafficPort? port)
    {
        if (isolating.Count == 0)
        {
            return new SideDecision { Allowed = true, Isolated = false, DecidedBy = [], Ports = Only(AllPorts, port) };
        }

        if (HasOrderedRules)
        {
            return OrderedSide(isolating, rulesOf, peer, destination, port);
        }

        var allowing = new List<PolicyModel>();
        var rules = new List<string>();
        var ranges = new List<PortRange>();
        foreach (var policy in isolating)
        {
            var admits = false;
            foreach (var rule in rulesOf(policy))
            {
                if (!rule.MatchesPeer(peer, this))
                {
                    continue;
                }

                var ruleRanges = new List<PortRange>();
                rule.AddRanges(destination, ruleRanges);
                if (port is { } one)
                {
                    // A single-port question: only rules whose ports contain it decide.
                    ruleRanges.RemoveAll(r => !r.Contains(one));
                }

                ranges.AddRange(ruleRanges);
                if (ruleRanges.Count > 0)
                {
                    admits = true;
                    rules.Add($"{policy.Id} {rule.Path}");
                }
            }

            if (admits)
            {
                allowing.Add(policy);
            }
        }

        return allowing.Count > 0
            ? new SideDecision { Allowed = true, Isolated = true, DecidedBy = allowing, Rules = rules, Ports = ranges }
            : new SideDecision { Allowed = false, Isolated = true, DecidedBy = isolating, Ports = [] };
    }

    /// <summary>
    /// One side when actions and order matter: Cilium deny rules first (deny wins over any allow), then every policy by
    /// its order (NetworkPolicies and Cilium policies count as 1000, Calico policies without an order come last), each
    /// policy's rules in order; the first rule that matches a port decides it (Allow, Deny, Pass: to the namespace
    /// profile, which allows; Log decides nothing). Ports no rule decides are denied: the pod is isolated.
    /// </summary>
    private SideDecision OrderedSide(IReadOnlyList<PolicyModel> isolating, Func<PolicyModel, IReadOnlyList<PolicyRule>> rulesOf,
        NetworkAddress peer, PodEndpoint? destination, TrafficPort? port)
    {
        var remaining = new List<PortRange>(Only(AllPorts, port));
        var allowed = new List<PortRange>();
        var allowing = new List<PolicyModel>();
        var denying = new List<PolicyModel>();
        var rules = new List<string>();

        void Apply(PolicyModel policy, PolicyRule rule)
        {
            if (remaining.Count == 0 || !rule.MatchesPeer(peer, this))
            {
                return;
            }

            var ruleRanges = new List<PortRange>();
            rule.AddRanges(destination, ruleRanges);
            var hit = Intersect(remaining, Merge(ruleRanges));
            if (hit.Count == 0 || rule.Action == RuleAction.Log)
            {
                return;
            }

            remaining = Subtract(remaining, hit);
            if (rule.Action is RuleAction.Allow or RuleAction.Pass)
            {
                allowed.AddRange(hit);
                if (!allowing.Contains(policy))
                {
                    allowing.Add(policy);
                }

                rules.Add($"{policy.Id} {rule.Path}");
            }
            else if (!denying.Contains(policy))
            {
                denying.Add(policy);
            }
        }

        foreach (var policy in isolating.Where(p => !p.Ordered))
        {
            foreach (var rule in rulesOf(policy).Where(r => r.Action == RuleAction.Deny))
            {
                Apply(policy, rule);
            }
        }

        foreach (var policy in isolating.OrderBy(p => p.Ordered ? p.Order ?? double.PositiveInfinity : 1000).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            foreach (var rule in rulesOf(policy))
            {
                if (policy.Ordered || rule.Action != RuleAction.Deny)
                {
                    Apply(policy, rule);
                }
            }
        }

        return allowed.Count > 0
            ? new SideDecision { Allowed = true, Isolated = true, DecidedBy = allowing, Rules = rules, Ports = Merge(allowed) }
            : new SideDecision { Allowed = false, Isolated = true, DecidedBy = denying.Count > 0 ? denying : isolating, Ports = [] };
    }

    /// <summary>The parts of <paramref name="from"/> not in <paramref name="cut"/>.</summary>
    private static List<PortRange> Subtract(List<PortRange> from, List<PortRange> cut)
    {
        var result = new List<PortRange>();
        foreach (var r in from)
        {
            var pieces = new List<PortRange> { r };
            foreach (var c in cut)
            {
                var next = new List<PortRange>();
                foreach (var p in pieces)
                {
                    if (!p.Overlaps(c))
                    {
                        next.Add(p);
                        continue;
                    }

                    if (c.From > p.From)
                    {
                        next.Add(p with { To = c.From - 1 });
                    }

                    if (c.To < p.To)
                    {
                        next.Add(p with { From = c.To + 1 });
                    }
                }

                pieces = next;
            }

            result.AddRange(pieces);
        }

        return result;
    }

    private static SideDecision ExternalSide(TrafficPort? port) =>
        new() { Allowed = true, Isolated = false, External = true, DecidedBy = [], Ports = Only(AllPorts, port) };

    private static IReadOnlyList<PortRange> Only(IReadOnlyList<PortRange> ranges, TrafficPort? port) =>
        port is { } one ? [new PortRange(one.Protocol, one.Number, one.Number)] : ranges;

    private static List<PortRange> Intersect(IReadOnlyList<PortRange> a, IReadOnlyList<PortRange> b)
    {
        var result = new List<PortRange>();
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x.Overlaps(y))
                {
                    result.Add(new PortRange(x.Protocol, Math.Max(x.From, y.From), Math.Min(x.To, y.To)));
                }
            }
        }

        return Merge(result);
    }

    internal static List<PortRange> Merge(List<PortRange> ranges)
    {
        var merged = new List<PortRange>();
        foreach (var g in ranges.GroupBy(r => r.Protocol, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            PortRange? current = null;
            foreach (var r in g.OrderBy(r => r.From))
            {
                if (current is { } c && r.From <= c.To + 1)
                {
                    current = c with { To = Math.Max(c.To, r.To) };
                }
                else
                {
                    if (current is { } done)
                    {
                        merged.Add(done);
                    }

                    current = r;
                }
            }

            if (current is { } last)
            {
                merged.Add(last);
            }
        }

        return merged;
    }

    private static PodEndpoint ToEndpoint(int index, Workload w)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (w.PodMetadata?.GetObject("labels") is { } l)
        {
            foreach (var p in l.EnumerateObject())
            {
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        var ports = new List<NamedPort>();
        foreach (var c in w.Containers)
        {
            if (c.Type == ContainerType.Ephemeral)
            {
                continue;
            }

            foreach (var p in c.Json.GetArray("ports"))
            {
                if (p.TryGetProperty("containerPort", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var number))
                {
                    ports.Add(new NamedPort(p.GetString("name"), number, p.GetString("protocol")?.ToUpperInvariant() ?? "TCP"));
                }
            }
        }

        IPAddress? address = null;
        if (w.Object.Kind == "Pod" && w.Object.Json.GetPath("status.podIP") is { ValueKind: JsonValueKind.String } ip &&
            IPAddress.TryParse(ip.GetString(), out var parsed))
        {
            address = parsed;
        }

        return new PodEndpoint(index, w.Object, labels, ports, address);
    }
}
