using System.Security.Cryptography;
using System.Text.Json;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>
/// Writes the sealed events [from, to) of a log to a directory for offline archiving: the canonical events as JSON
/// lines, their leaf hashes, the newest signed checkpoint and a manifest with the range proof and file hashes. It
/// refuses a range that is not sealed, already pruned, or that no longer matches the signed root.
/// </summary>
public static class SegmentExporter
{
    /// <summary>Default events per segment for <c>audit export --segment N</c>.</summary>
    public const long DefaultSegmentSize = 65_536;

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<ExportManifest> ExportAsync(
        IAuditStore store, SigningKey key, long from, long to, string directory, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(directory);
        if (from < 0 || to <= from)
        {
            throw new InvalidDataException($"indexes {from}..{to - 1} are not a range of the log");
        }

        var (note, cp) = await Prover.LatestAsync(store, key, cancellationToken).ConfigureAwait(false);
        if (to > cp.Size)
        {
            throw new InvalidDataException(
                $"indexes {from}..{to - 1} are not sealed: the newest signed checkpoint covers {cp.Size} events");
        }

        var prunedBefore = await store.PrunedBeforeAsync(cancellationToken).ConfigureAwait(false);
        if (from < prunedBefore)
        {
            throw new InvalidDataException($"events below index {prunedBefore} were pruned; export starts at {from}");
        }

        var tree = new MerkleTree(await store.ReadLeafHashesAsync(0, cp.Size, cancellationToken).ConfigureAwait(false));
        if (!tree.Root(cp.Size).AsSpan().SequenceEqual(cp.Root))
        {
            throw new InvalidDataException($"the stored leaves do not match the checkpoint at size {cp.Size}; run 'phiguard audit verify'");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory} is not empty; an export goes into a new or empty directory");
        }

        Directory.CreateDirectory(directory);
        var eventsPath = Path.Combine(directory, ExportManifest.EventsFile);
        var leaf = new byte[Rfc6962.HashSize];
        await using (var events = Create(eventsPath))
        {
            var expected = from;
            await foreach (var row in store.ReadLeavesAsync(from, to, cancellationToken).ConfigureAwait(false))
            {
                if (row.Index != expected)
                {
                    throw new InvalidDataException($"the log has no event at index {expected}; run 'phiguard audit verify'");
                }

                // Exported bytes must be the sealed bytes: a body changed in the store is refused, not archived.
                Rfc6962.LeafHash(row.Body, leaf);
                if (!tree.Leaf(row.Index).SequenceEqual(leaf))
                {
                    throw new InvalidDataException($"event at index {row.Index} no longer matches its sealed leaf hash; run 'phiguard audit verify'");
                }

                await events.WriteAsync(row.Body, cancellationToken).ConfigureAwait(false);
                events.WriteByte((byte)'\n');
                expected++;
            }

            if (expected != to)
            {
                throw new InvalidDataException($"the log has no event at index {expected}; run 'phiguard audit verify'");
            }

            await events.FlushAsync(cancellationToken).ConfigureAwait(false);
            events.Flush(flushToDisk: true);
        }

        var leaves = new byte[checked((int)(to - from) * Rfc6962.HashSize)];
        for (var i = from; i < to; i++)
        {
            tree.Leaf(i).CopyTo(leaves.AsSpan(checked((int)(i - from) * Rfc6962.HashSize)));
        }

        await WriteAsync(Path.Combine(directory, ExportManifest.LeavesFile), leaves, cancellationToken).ConfigureAwait(false);
        await WriteAsync(Path.Combine(directory, ExportManifest.CheckpointFile), System.Text.Encoding.UTF8.GetBytes(note), cancellationToken).ConfigureAwait(false);

        var manifest = new ExportManifest
        {
            Format = ExportManifest.CurrentFormat,
            Origin = store.Origin,
            From = from,
            To = to,
            TreeSize = cp.Size,
            NewestEvent = await store.NewestTimestampAsync(from, to, cancellationToken).ConfigureAwait(false),
            ExportedAt = (time ?? TimeProvider.System).GetUtcNow(),
            RangeProof = RangeProof.Build(tree, from, to, cp.Size).Select(Convert.ToBase64String).ToList(),
            Files = [
                await DescribeAsync(directory, ExportManifest.EventsFile, cancellationToken).ConfigureAwait(false),
                await DescribeAsync(directory, ExportManifest.LeavesFile, cancellationToken).ConfigureAwait(false),
                await DescribeAsync(directory, ExportManifest.CheckpointFile, cancellationToken).ConfigureAwait(false),
            ],
        };

        // The manifest is written last: a directory without one is an unfinished export and never verifies.
        await WriteAsync(Path.Combine(directory, ExportManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json), cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    internal static async Task<ExportFile> DescribeAsync(string directory, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await using var f = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(f, cancellationToken).ConfigureAwait(false);
        return new ExportFile(name, f.Length, Convert.ToHexStringLower(hash));
    }

    private static FileStream Create(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 });

    private static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var f = Create(path);
        await f.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await f.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Archives are what pruning relies on: they reach the disk before anything can be removed from the log.
        f.Flush(flushToDisk: true);
    }
}
