using System.Security.Cryptography;

namespace PhiGuard.AuditTrail.Merkle;

/// <summary>The RFC 6962 hashes: a leaf is SHA-256(0x00 ‖ data), an inner node SHA-256(0x01 ‖ left ‖ right).</summary>
public static class Rfc6962
{
    /// <summary>Length of every hash in the tree.</summary>
    public const int HashSize = 32;

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        LeafHash(data, hash);
        return hash;
    }

    public static void LeafHash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        // One-shot hashing of a pooled 0x00-prefixed copy is much cheaper than an incremental hash object per leaf.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(data.Length + 1);
        try
        {
            buffer[0] = 0x00;
            data.CopyTo(buffer.AsSpan(1));
            SHA256.HashData(buffer.AsSpan(0, data.Length + 1), destination);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        NodeHash(left, right, hash);
        return hash;
    }

    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        // 65 bytes on the stack: one SHA-256 call instead of an incremental hash object per node.
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }
}
