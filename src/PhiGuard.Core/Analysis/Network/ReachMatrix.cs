namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Which endpoint may reach which (on at least one port), for every ordered pair of a set of endpoints; computed
/// with one peer bitset per rule so that thousands of workloads and policies take seconds, not hours.
/// </summary>
public sealed class ReachMatrix
{
    private readonly ulong[][] rows;

    private ReachMatrix(IReadOnlyList<PodEndpoint> endpoints, ulong[][] rows)
    {
        Endpoints = endpoints;
        this.rows = rows;
    }

    /// <summary>The row and column order.</summary>
    public IReadOnlyList<PodEndpoint> Endpoints { get; }

    /// <summary>Pairs (source, destination) that may talk, including an endpoint to its own pods.</summary>
    public int AllowedCount => rows.Sum(r => r.Sum(w => System.Numerics.BitOperations.PopCount(w)));

    public bool Allowed(int from, int to) => (rows[from][to >> 6] & (1UL << (to & 63))) != 0;

    /// <summary>Computes the matrix over <paramref name="endpoints"/> (default: every endpoint of the model).</summary>
    public static ReachMatrix Compute(NetworkModel model, IReadOnlyList<PodEndpoint>? endpoints = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var eps = endpoints ?? model.Endpoints;
        var n = eps.Count;
        var words = (n + 63) >> 6;
        var peerBits = new Dictionary<PolicyRule, ulong[]>(ReferenceEqualityComparer.Instance);
        var staticRanges = new Dictionary<PolicyRule, PortRange[]?>(ReferenceEqualityComparer.Instance);

        ulong[] Bits(PolicyRule rule)
        {
            if (peerBits.TryGetValue(rule, out var bits))
            {
                return bits;
            }

            bits = new ulong[words];
            for (var i = 0; i < n; i++)
            {
                if (rule.MatchesPeer(NetworkAddress.Of(eps[i]), model))
                {
                    bits[i >> 6] |= 1UL << (i & 63);
                }
            }

            peerBits[rule] = bits;
            staticRanges[rule] = rule.Ports is { } ports && ports.Any(p => p.Name is not null) ? null : RangesOf(rule, null).ToArray();
            return bits;
        }

        var egress = new (PolicyRule Rule, ulong[] Bits)[n][];
        var ingress = new (PolicyRule Rule, ulong[] Bits)[n][];
        var egressIsolated = new bool[n];
        var ingressIsolated = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var e = model.EgressPoliciesOf(eps[i]);
            egressIsolated[i] = e.Count > 0;
            egress[i] = e.SelectMany(p => p.Egress).Select(r => (r, Bits(r))).ToArray();
            var g = model.IngressPoliciesOf(eps[i]);
            ingressIsolated[i] = g.Count > 0;
            ingress[i] = g.SelectMany(p => p.Ingress).Select(r => (r, Bits(r))).ToArray();
        }

        var rows = new ulong[n][];
        Parallel.For(0, n, s =>
        {
            var row = new ulong[words];
            for (var d = 0; d < n; d++)
            {
                if (Pair(s, d))
                {
                    row[d >> 6] |= 1UL << (d & 63);
                }
            }

            rows[s] = row;
        });
        return new ReachMatrix(eps, rows);

        bool Pair(int s, int d)
        {
            var dst = eps[d];
            if (!egressIsolated[s])
            {
                return !ingressIsolated[d] || AnyRule(ingress[d], s, dst);
            }

            if (!ingressIsolated[d])
            {
                return AnyRule(egress[s], d, dst);
            }

            foreach (var (re, eb) in egress[s])
            {
                if (!Has(eb, d))
                {
                    continue;
                }

                var er = Ranges(re, dst);
                foreach (var (ri, ib) in ingress[d])
                {
                    if (!Has(ib, s))
                    {
                        continue;
                    }

                    var ir = Ranges(ri, dst);
                    foreach (var x in er)
                    {
                        foreach (var y in ir)
                        {
                            if (x.Overlaps(y))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        bool AnyRule((PolicyRule Rule, ulong[] Bits)[] rules, int peer, PodEndpoint dst)
        {
            foreach (var (r, b) in rules)
            {
                if (Has(b, peer) && Ranges(r, dst).Count > 0)
                {
                    return true;
                }
            }

            return false;
        }

        IReadOnlyList<PortRange> Ranges(PolicyRule rule, PodEndpoint dst) =>
            (IReadOnlyList<PortRange>?)staticRanges[rule] ?? RangesOf(rule, dst);
    }

    private static bool Has(ulong[] bits, int i) => (bits[i >> 6] & (1UL << (i & 63))) != 0;

    private static List<PortRange> RangesOf(PolicyRule rule, PodEndpoint? dst)
    {
        var list = new List<PortRange>();
        rule.AddRanges(dst, list);
        return list;
    }
}
