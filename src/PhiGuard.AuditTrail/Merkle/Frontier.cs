namespace PhiGuard.AuditTrail.Merkle;

/// <summary>
/// The right edge of an RFC 6962 tree built leaf by leaf: one perfect subtree per set bit of the size, so the root
/// of every prefix is available in O(log n) memory while streaming a log of any length.
/// </summary>
public sealed class Frontier
{
    // Hashes of the perfect subtrees, largest (leftmost) first; _heights[i] is log2 of subtree i's leaf count.
    private readonly List<byte[]> _hashes = [];
    private readonly List<int> _heights = [];

    public long Size { get; private set; }

    public void Append(ReadOnlySpan<byte> leafHash)
    {
        var hash = leafHash.ToArray();
        var height = 0;
        while (_heights.Count > 0 && _heights[^1] == height)
        {
            hash = Rfc6962.NodeHash(_hashes[^1], hash);
            _hashes.RemoveAt(_hashes.Count - 1);
            _heights.RemoveAt(_heights.Count - 1);
            height++;
        }

        _hashes.Add(hash);
        _heights.Add(height);
        Size++;
    }

    /// <summary>MTH of the leaves appended so far: the perfect subtrees folded from the right.</summary>
    public byte[] Root()
    {
        if (_hashes.Count == 0)
        {
            return Rfc6962.EmptyRoot();
        }

        var root = _hashes[^1];
        for (var i = _hashes.Count - 2; i >= 0; i--)
        {
            root = Rfc6962.NodeHash(_hashes[i], root);
        }

        return root;
    }
}
