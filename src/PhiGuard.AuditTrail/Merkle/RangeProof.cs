namespace PhiGuard.AuditTrail.Merkle;

/// <summary>
/// Proves that the leaves [from, to) sit at those positions in a tree of a given size: the proof is the hashes of the
/// maximal RFC 6962 subtrees outside the range, in depth-first order, so the root follows from the range's own leaves
/// plus about 2·log2(size) hashes (an exported segment is checked against its signed checkpoint with nothing else).
/// </summary>
public static class RangeProof
{
    /// <summary>The proof hashes, built from all leaf hashes of the tree (at least <paramref name="size"/> of them).</summary>
    public static IReadOnlyList<byte[]> Build(MerkleTree tree, long from, long to, long size)
    {
        ArgumentNullException.ThrowIfNull(tree);
        Check(from, to, size);
        if (size > tree.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"the tree holds {tree.Size} leaves, not {size}");
        }

        var proof = new List<byte[]>();
        Walk(0, size, from, to, (start, n) =>
        {
            var f = new Frontier();
            for (var i = start; i < start + n; i++)
            {
                f.Append(tree.Leaf(i));
            }

            var hash = f.Root();
            proof.Add(hash);
            return hash;
        }, (_, _) => new byte[Rfc6962.HashSize]); // the range's own hashes are not part of the proof
        return proof;
    }

    /// <summary>
    /// The root of the tree of <paramref name="size"/> leaves whose leaves [from, to) are <paramref name="rangeLeaves"/>
    /// (32 bytes each, flat), completed with <paramref name="proof"/>; null when the proof has the wrong shape.
    /// </summary>
    public static byte[]? Root(ReadOnlySpan<byte> rangeLeaves, long from, long to, long size, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Check(from, to, size);
        if (rangeLeaves.Length != (to - from) * Rfc6962.HashSize || proof.Any(p => p is null || p.Length != Rfc6962.HashSize))
        {
            return null;
        }

        var leaves = rangeLeaves.ToArray();
        var next = 0;
        var shapeOk = true;
        var root = Walk(0, size, from, to, (_, _) =>
        {
            if (next >= proof.Count)
            {
                shapeOk = false;
                return new byte[Rfc6962.HashSize];
            }

            return proof[next++];
        }, (start, n) =>
        {
            var f = new Frontier();
            for (var i = start; i < start + n; i++)
            {
                f.Append(leaves.AsSpan(checked((int)(i - from) * Rfc6962.HashSize), Rfc6962.HashSize));
            }

            return f.Root();
        });
        return shapeOk && next == proof.Count ? root : null;
    }

    // MTH(D[start:start+n]) where subtrees wholly outside [from, to) come from `outside` and subtrees wholly inside
    // from `inside`; mixed ones split at the largest power of two below n, exactly as RFC 6962 defines the tree.
    private static byte[] Walk(long start, long n, long from, long to, Func<long, long, byte[]> outside, Func<long, long, byte[]> inside)
    {
        var end = start + n;
        if (end <= from || start >= to)
        {
            return outside(start, n);
        }

        if (start >= from && end <= to)
        {
            return inside(start, n);
        }

        var k = MerkleTree.LargestPowerOfTwoBelow(n);
        var left = Walk(start, k, from, to, outside, inside);
        var right = Walk(start + k, n - k, from, to, outside, inside);
        return Rfc6962.NodeHash(left, right);
    }

    private static void Check(long from, long to, long size)
    {
        if (from < 0 || to <= from || to > size)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"range {from}..{to} is not a non-empty part of a tree of size {size}");
        }
    }
}
