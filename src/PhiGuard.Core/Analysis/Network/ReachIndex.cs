namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Answers "which endpoints may reach this one (on some port, or on one port)" for any endpoint of a
/// <see cref="NetworkModel"/> with set operations instead of pairwise evaluation, giving the same answer as
/// <see cref="NetworkModel.Reach"/> for every pair: each rule's peer set is computed once; sources are grouped into
/// egress classes (the same egress policies select them, so they behave alike as senders); a destination's column
/// is the union, over its ingress rules, of the rule's peers that belong to a class whose egress admits the
/// destination on a port the rule also admits. When the model has deny rules or ordered (Calico) policies, which do
/// not compose as unions, a column is computed pair by pair with <see cref="NetworkModel.Reach"/>. Built once per model (see <see cref="NetworkModel.Index"/>);
/// queries only read it, so they may run in parallel.
/// </summary>
public sealed class ReachIndex
{
    private static readonly PortRange[] AllPorts = [.. TrafficPort.Protocols.Select(p => new PortRange(p, 1, 65535))];

    private readonly NetworkModel model;
    private readonly int[] positionOf;
    private readonly PodEndpoint[] byPosition;
    private readonly int words;
    private readonly SparseBits all;
    private readonly Dictionary<PolicyRule, SparseBits> peers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PolicyRule, PortRange[]> staticRanges = new(ReferenceEqualityComparer.Instance);

    // Egress classes: class 0 is "no egress policy selects these pods" (every port to everything); the others
    // hold the egress rules of one distinct set of isolating policies.
    private readonly (PolicyRule Rule, SparseBits Peers)[]?[] classRules;
    private readonly SparseBits[] classMembers;

    // Per position: the ingress rules of the policies isolating the pod for ingress, or null when none does.
    private readonly (PolicyRule Rule, SparseBits Peers)[]?[] ingressRules;

    internal ReachIndex(NetworkModel model)
    {
        this.model = model;
        var n = model.Endpoints.Count;
        words = (n + 63) >> 6;

        // Positions follow the ordinal order of `namespace/name`: sets enumerate in the order reports list them, and
        // each namespace is one run (strings with a common prefix sort together), so the pods one policy selects and
        // most peer sets occupy a few consecutive words.
        byPosition = [.. model.Endpoints.OrderBy(e => e.Id, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Index)];
        positionOf = new int[n];
        var namespaces = new List<(string Name, int Start, int End)>();
        for (var p = 0; p < n; p++)
        {
            positionOf[byPosition[p].Index] = p;
            if (namespaces.Count == 0 || namespaces[^1].Name != byPosition[p].Namespace)
            {
                namespaces.Add((byPosition[p].Namespace, p, p + 1));
            }
            else
            {
                namespaces[^1] = namespaces[^1] with { End = p + 1 };
            }
        }

        var scratch = new ulong[words];
        Fill(scratch, 0, n);
        all = SparseBits.From(scratch);
        var withAddress = Enumerable.Range(0, n).Where(p => byPosition[p].Address is not null).ToArray();
        foreach (var policy in model.Policies)
        {
            foreach (var rule in policy.Ingress.Concat(policy.Egress))
            {
                peers[rule] = PeersOf(rule, namespaces, withAddress, scratch);
                if (rule.Ports is null || rule.Ports.All(p => p.Name is null))
                {
                    var ranges = new List<PortRange>();
                    rule.AddRanges(null, ranges);
                    staticRanges[rule] = [.. ranges];
                }
            }
        }

        var classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var policyNumber = new Dictionary<PolicyModel, int>(ReferenceEqualityComparer.Instance);
        foreach (var p in model.Policies)
        {
            policyNumber[p] = policyNumber.Count;
        }

        var rulesOfClass = new List<(PolicyRule, SparseBits)[]?> { null };
        var membersOfClass = new List<List<int>> { new() };
        ingressRules = new (PolicyRule, SparseBits)[]?[n];
        for (var p = 0; p < n; p++)
        {
            var e = byPosition[p];
            var egress = model.EgressPoliciesOf(e);
            var c = 0;
            if (egress.Count > 0)
            {
                var key = string.Join(",", egress.Select(x => policyNumber[x]));
                if (!classOf.TryGetValue(key, out c))
                {
                    c = rulesOfClass.Count;
                    classOf[key] = c;
                    rulesOfClass.Add([.. egress.SelectMany(x => x.Egress).Select(r => (r, peers[r]))]);
                    membersOfClass.Add([]);
                }
            }

            membersOfClass[c].Add(p);
            var ingress = model.IngressPoliciesOf(e);
            ingressRules[p] = ingress.Count == 0 ? null : [.. ingress.SelectMany(x => x.Ingress).Select(r => (r, peers[r]))];
        }

        classRules = [.. rulesOfClass];
        classMembers = [.. membersOfClass.Select(SparseBits.FromSorted)];
    }

    /// <summary>The endpoints that may reach <paramref name="destination"/> on some port (or on <paramref name="port"/>), itself included when it may.</summary>
    public EndpointSet SourcesOf(PodEndpoint destination, TrafficPort? port = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var t = PositionOf(destination);
        if (t < 0)
        {
            throw new ArgumentException($"{destination.QualifiedId} is not an endpoint of this model", nameof(destination));
        }

        if (model.HasOrderedRules)
        {
            // Deny rules and ordered (Calico) policies do not compose as unions of allows: answer pair by pair.
            var pairwise = new ulong[words];
            var to = NetworkAddress.Of(destination);
            for (var p = 0; p < byPosition.Length; p++)
            {
                if (model.Reach(NetworkAddress.Of(byPosition[p]), to, port).Allowed)
                {
                    pairwise[p >> 6] |= 1UL << (p & 63);
                }
            }

            return new EndpointSet(this, pairwise);
        }

        // What each egress class admits towards the destination.
        var egress = new IReadOnlyList<PortRange>[classRules.Length];
        for (var c = 0; c < classRules.Length; c++)
        {
            if (classRules[c] is not { } rules)
            {
                egress[c] = Only(AllPorts, port);
                continue;
            }

            var ranges = new List<PortRange>();
            foreach (var (rule, to) in rules)
            {
                if (to.Contains(t))
                {
                    ranges.AddRange(Only(RangesOf(rule, destination), port));
                }
            }

            egress[c] = ranges;
        }

        var result = new ulong[words];
        ulong[]? filter = null;
        var incompatible = new List<int>();
        if (ingressRules[t] is { } ingress)
        {
            foreach (var (rule, from) in ingress)
            {
                Add(from, Only(RangesOf(rule, destination), port));
            }
        }
        else
        {
            Add(all, Only(AllPorts, port));
        }

        return new EndpointSet(this, result);

        void Add(SparseBits from, IReadOnlyList<PortRange> admitted)
        {
            if (admitted.Count == 0 || from.Count == 0)
            {
                return;
            }

            incompatible.Clear();
            for (var c = 0; c < egress.Length; c++)
            {
                if (!Overlap(egress[c], admitted))
                {
                    incompatible.Add(c);
                }
            }

            if (incompatible.Count == 0)
            {
                from.OrInto(result);
                return;
            }

            if (incompatible.Count == egress.Length)
            {
                return;
            }

            filter ??= new ulong[words];
            Array.Fill(filter, ulong.MaxValue);
            foreach (var c in incompatible)
            {
                classMembers[c].AndNotInto(filter);
            }

            from.OrMaskedInto(filter, result);
        }
    }

    /// <summary>The endpoints that satisfy <paramref name="predicate"/>, as a set to intersect columns with.</summary>
    public EndpointSet Where(Func<PodEndpoint, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var bits = new ulong[words];
        for (var p = 0; p < byPosition.Length; p++)
        {
            if (predicate(byPosition[p]))
            {
                bits[p >> 6] |= 1UL << (p & 63);
            }
        }

        return new EndpointSet(this, bits);
    }

    /// <summary>The endpoint's position in the index, or -1 when it is not an endpoint of this model (a stand-in).</summary>
    internal int PositionOf(PodEndpoint endpoint) =>
        endpoint.Index >= 0 && endpoint.Index < positionOf.Length && ReferenceEquals(model.Endpoints[endpoint.Index], endpoint)
            ? positionOf[endpoint.Index]
            : -1;

    internal PodEndpoint EndpointAt(int position) => byPosition[position];

    private IReadOnlyList<PortRange> RangesOf(PolicyRule rule, PodEndpoint destination)
    {
        if (staticRanges.TryGetValue(rule, out var fixedRanges))
        {
            return fixedRanges;
        }

        var list = new List<PortRange>();
        rule.AddRanges(destination, list);
        return list;
    }

    /// <summary>For a one-port question, the ranges reduced to that port (or to nothing when none contains it).</summary>
    private static IReadOnlyList<PortRange> Only(IReadOnlyList<PortRange> ranges, TrafficPort? port)
    {
        if (port is not { } one)
        {
            return ranges;
        }

        foreach (var r in ranges)
        {
            if (r.Contains(one))
            {
                return [new PortRange(one.Protocol, one.Number, one.Number)];
            }
        }

        return [];
    }

    private static bool Overlap(IReadOnlyList<PortRange> a, IReadOnlyList<PortRange> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x.Overlaps(y))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private SparseBits PeersOf(PolicyRule rule, List<(string Name, int Start, int End)> namespaces, int[] withAddress, ulong[] scratch)
    {
        if (rule.Peers is null)
        {
            return all;
        }

        Array.Clear(scratch);
        foreach (var peer in rule.Peers)
        {
            switch (peer.Kind)
            {
                case PeerKind.Everything:
                    return all;
                case PeerKind.Custom:
                    for (var p = 0; p < byPosition.Length; p++)
                    {
                        if (peer.MatchesPod(byPosition[p], model))
                        {
                            scratch[p >> 6] |= 1UL << (p & 63);
                        }
                    }

                    break;
                case PeerKind.IpBlock:
                    foreach (var p in withAddress)
                    {
                        if (peer.MatchesIp(byPosition[p].Address!))
                        {
                            scratch[p >> 6] |= 1UL << (p & 63);
                        }
                    }

                    break;
                default:
                    foreach (var (name, start, end) in namespaces)
                    {
                        var inNamespace = peer.AnyNamespace ||
                                          (peer.NamespaceSelector is null
                                              ? string.Equals(name, peer.PolicyNamespace, StringComparison.Ordinal)
                                              : peer.NamespaceSelector.Matches(model.NamespaceLabels(name)));
                        if (!inNamespace)
                        {
                            continue;
                        }

                        if (peer.PodSelector.IsEmpty)
                        {
                            Fill(scratch, start, end);
                            continue;
                        }

                        for (var p = start; p < end; p++)
                        {
                            if (peer.PodSelector.Matches(byPosition[p].Labels))
                            {
                                scratch[p >> 6] |= 1UL << (p & 63);
                            }
                        }
                    }

                    break;
            }
        }

        return SparseBits.From(scratch);
    }

    private static void Fill(ulong[] bits, int start, int end)
    {
        for (var p = start; p < end; p++)
        {
            bits[p >> 6] |= 1UL << (p & 63);
        }
    }
}
