namespace PhiGuard.AuditTrail.Merkle;

/// <summary>
/// Roots and proofs of an RFC 6962 Merkle tree over leaf hashes held in one flat array (32 bytes per leaf), so that
/// a million leaves cost 32 MB and no object per leaf.
/// </summary>
public sealed class MerkleTree
{
    private readonly byte[] _leaves;

    public MerkleTree(byte[] flatLeafHashes)
    {
        ArgumentNullException.ThrowIfNull(flatLeafHashes);
        if (flatLeafHashes.Length % Rfc6962.HashSize != 0)
        {
            throw new ArgumentException("leaf hashes must be 32 bytes each", nameof(flatLeafHashes));
        }

        _leaves = flatLeafHashes;
    }

    public long Size => _leaves.Length / Rfc6962.HashSize;

    public ReadOnlySpan<byte> Leaf(long index) => _leaves.AsSpan(checked((int)index * Rfc6962.HashSize), Rfc6962.HashSize);

    /// <summary>MTH(D[0:size]).</summary>
    public byte[] Root(long size)
    {
        if (size < 0 || size > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size));
        }

        return size == 0 ? Rfc6962.EmptyRoot() : Subtree(0, size);
    }

    /// <summary>PATH(index, D[0:size]) of RFC 6962 section 2.1.1.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        if (size > Size || index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of size {size}");
        }

        var proof = new List<byte[]>();
        Path(index, 0, size, proof);
        proof.Reverse();
        return proof;
    }

    /// <summary>PROOF(size1, D[0:size2]) of RFC 6962 section 2.1.2.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        if (size2 > Size || size1 < 0 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), $"no consistency proof from {size1} to {size2}");
        }

        var proof = new List<byte[]>();
        if (size1 > 0 && size1 < size2)
        {
            SubProof(size1, 0, size2, true, proof);
        }

        return proof;
    }

    private void Path(long m, long start, long n, List<byte[]> proof)
    {
        // Appends from the leaf's sibling upwards in reverse (root-side first); the caller reverses.
        if (n == 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            proof.Add(Subtree(start + k, n - k));
            Path(m, start, k, proof);
        }
        else
        {
            proof.Add(Subtree(start, k));
            Path(m - k, start + k, n - k, proof);
        }
    }

    private void SubProof(long m, long start, long n, bool complete, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Subtree(start, n));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, start, k, complete, proof);
            proof.Add(Subtree(start + k, n - k));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, proof);
            proof.Add(Subtree(start, k));
        }
    }

    private byte[] Subtree(long start, long n)
    {
        if (n == 1)
        {
            return Leaf(start).ToArray();
        }

        var frontier = new Frontier();
        for (var i = start; i < start + n; i++)
        {
            frontier.Append(Leaf(i));
        }

        return frontier.Root();
    }

    /// <summary>The largest power of two strictly less than n (n ≥ 2).</summary>
    internal static long LargestPowerOfTwoBelow(long n)
    {
        var k = 1L;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
