using System.Numerics;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// An immutable set of positions stored as its non-zero 64-bit words only: a peer set or an egress class usually
/// covers a few namespaces of a large cluster, so dense bitsets would cost memory and time proportional to the cluster.
/// </summary>
internal sealed class SparseBits
{
    private readonly int[] wordIndex;
    private readonly ulong[] masks;

    private SparseBits(int[] wordIndex, ulong[] masks)
    {
        this.wordIndex = wordIndex;
        this.masks = masks;
        foreach (var m in masks)
        {
            Count += BitOperations.PopCount(m);
        }
    }

    public static SparseBits Empty { get; } = new([], []);

    public int Count { get; }

    /// <summary>Keeps the non-zero words of a dense bitset (which the caller may reuse afterwards).</summary>
    public static SparseBits From(ulong[] dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        var n = 0;
        foreach (var w in dense)
        {
            if (w != 0)
            {
                n++;
            }
        }

        var idx = new int[n];
        var m = new ulong[n];
        var k = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                idx[k] = i;
                m[k++] = dense[i];
            }
        }

        return new SparseBits(idx, m);
    }

    /// <summary>Builds the set from positions in ascending order.</summary>
    public static SparseBits FromSorted(IReadOnlyList<int> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var idx = new List<int>();
        var m = new List<ulong>();
        foreach (var p in positions)
        {
            var w = p >> 6;
            if (idx.Count == 0 || idx[^1] != w)
            {
                idx.Add(w);
                m.Add(0);
            }

            m[^1] |= 1UL << (p & 63);
        }

        return new SparseBits([.. idx], [.. m]);
    }

    public bool Contains(int position)
    {
        var at = Array.BinarySearch(wordIndex, position >> 6);
        return at >= 0 && (masks[at] & (1UL << (position & 63))) != 0;
    }

    /// <summary><paramref name="into"/> |= this.</summary>
    public void OrInto(ulong[] into)
    {
        for (var i = 0; i < wordIndex.Length; i++)
        {
            into[wordIndex[i]] |= masks[i];
        }
    }

    /// <summary><paramref name="into"/> &amp;= ~this.</summary>
    public void AndNotInto(ulong[] into)
    {
        for (var i = 0; i < wordIndex.Length; i++)
        {
            into[wordIndex[i]] &= ~masks[i];
        }
    }

    /// <summary><paramref name="into"/> |= this &amp; <paramref name="filter"/>.</summary>
    public void OrMaskedInto(ulong[] filter, ulong[] into)
    {
        for (var i = 0; i < wordIndex.Length; i++)
        {
            into[wordIndex[i]] |= masks[i] & filter[wordIndex[i]];
        }
    }
}
