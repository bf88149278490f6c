using PhiGuard.AuditTrail.Merkle;

namespace PhiGuard.AuditTrail.Tests.Merkle;

/// <summary>Range proofs for every range of every tree up to 17 leaves: the root comes out right, and any damage shows.</summary>
public sealed class RangeProofTests
{
    [Fact]
    public void Every_range_of_every_small_tree_proves_the_root_and_a_flipped_hash_or_a_missing_one_does_not()
    {
        var checkedRanges = 0;
        for (var size = 1; size <= 17; size++)
        {
            var flat = Enumerable.Range(0, size).SelectMany(i => Rfc6962.LeafHash(BitConverter.GetBytes(i))).ToArray();
            var tree = new MerkleTree(flat);
            var root = tree.Root(size);
            for (var from = 0; from < size; from++)
            {
                for (var to = from + 1; to <= size; to++)
                {
                    var proof = RangeProof.Build(tree, from, to, size);
                    var range = flat.AsSpan(from * 32, (to - from) * 32);
                    Assert.Equal(root, RangeProof.Root(range, from, to, size, proof));
                    checkedRanges++;

                    if (proof.Count > 0)
                    {
                        var flipped = proof.Select(p => p.ToArray()).ToList();
                        flipped[^1][0] ^= 1;
                        Assert.NotEqual(root, RangeProof.Root(range, from, to, size, flipped));
                        Assert.Null(RangeProof.Root(range, from, to, size, proof.Skip(1).ToList()));
                    }

                    Assert.Null(RangeProof.Root(range, from, to, size, [.. proof, new byte[32]]));
                    var changed = range.ToArray();
                    changed[^1] ^= 1;
                    Assert.NotEqual(root, RangeProof.Root(changed, from, to, size, proof));
                }
            }
        }

        Assert.Equal(Enumerable.Range(1, 17).Sum(n => n * (n + 1) / 2), checkedRanges);
    }

    [Fact]
    public void Proof_is_logarithmic_in_the_tree_size()
    {
        var flat = Enumerable.Range(0, 100_000).SelectMany(i => Rfc6962.LeafHash(BitConverter.GetBytes(i))).ToArray();
        var proof = RangeProof.Build(new MerkleTree(flat), 65_536, 100_000, 100_000);
        Assert.InRange(proof.Count, 1, 2 * 17);
    }
}
