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
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(data);
        sha.GetHashAndReset(destination);
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
