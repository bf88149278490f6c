using System.Numerics;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// A set of the endpoints of one <see cref="NetworkModel"/>, held as a bitset: membership is one bit test,
/// intersection and difference are word operations, and members enumerate in ordinal <c>namespace/name</c> order.
/// </summary>
public sealed class EndpointSet
{
    private readonly ReachIndex index;
    private readonly ulong[] bits;

    internal EndpointSet(ReachIndex index, ulong[] bits)
    {
        this.index = index;
        this.bits = bits;
        foreach (var w in bits)
        {
            Count += BitOperations.PopCount(w);
        }
    }

    public int Count { get; }

    /// <summary>The members in ordinal <c>namespace/name</c> order (then kind), produced lazily.</summary>
    public IEnumerable<PodEndpoint> Members
    {
        get
        {
            for (var w = 0; w < bits.Length; w++)
            {
                var word = bits[w];
                while (word != 0)
                {
                    var b = BitOperations.TrailingZeroCount(word);
                    yield return index.EndpointAt((w << 6) + b);
                    word &= word - 1;
                }
            }
        }
    }

    public bool Contains(PodEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var p = index.PositionOf(endpoint);
        return p >= 0 && (bits[p >> 6] & (1UL << (p & 63))) != 0;
    }

    /// <summary>The members that are also in <paramref name="other"/> (a set of the same model).</summary>
    public EndpointSet Intersect(EndpointSet other) => Combine(other, static (a, b) => a & b);

    /// <summary>The members that are not in <paramref name="other"/> (a set of the same model).</summary>
    public EndpointSet Except(EndpointSet other) => Combine(other, static (a, b) => a & ~b);

    private EndpointSet Combine(EndpointSet other, Func<ulong, ulong, ulong> op)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.index, index))
        {
            throw new ArgumentException("the sets belong to different network models", nameof(other));
        }

        var result = new ulong[bits.Length];
        for (var i = 0; i < bits.Length; i++)
        {
            result[i] = op(bits[i], other.bits[i]);
        }

        return new EndpointSet(index, result);
    }
}
