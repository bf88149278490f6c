using PhiGuard.AuditTrail.Events;

namespace PhiGuard.AuditTrail.Stores;

/// <summary>
/// An append-only event log with its checkpoints: an append returns only after the batch is durably committed, and
/// (auditID, stage) pairs already present are skipped so a retried batch appends nothing twice.
/// </summary>
public interface IAuditStore : IAsyncDisposable
{
    /// <summary>The log's origin (first checkpoint line), fixed when the store is created.</summary>
    string Origin { get; }

    Task<AppendResult> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    Task<long> SizeAsync(CancellationToken cancellationToken);

    /// <summary>Every stored leaf from index 0 in index order, as stored (not trusted).</summary>
    IAsyncEnumerable<StoredLeaf> ReadLeavesAsync(CancellationToken cancellationToken);

    /// <summary>The stored leaves of indexes [from, to) in index order, as stored (pruned ones have an empty body).</summary>
    IAsyncEnumerable<StoredLeaf> ReadLeavesAsync(long from, long to, CancellationToken cancellationToken);

    /// <summary>The latest event timestamp among indexes [from, to); null when none is stored there.</summary>
    Task<DateTimeOffset?> NewestTimestampAsync(long from, long to, CancellationToken cancellationToken);

    /// <summary>Every index below this one has been pruned (body and indexed fields removed, leaf hash kept); 0 when none.</summary>
    Task<long> PrunedBeforeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes the bodies and indexed fields of the events below <paramref name="before"/> in one transaction, keeping
    /// index, auditID, stage, time and leaf hash, and records the new prune boundary; returns the events pruned now.
    /// </summary>
    Task<long> PruneAsync(long before, CancellationToken cancellationToken);

    /// <summary>The stored leaf hashes of indexes [from, to), 32 bytes each, in one array.</summary>
    Task<byte[]> ReadLeafHashesAsync(long from, long to, CancellationToken cancellationToken);

    /// <summary>Index and stage of every stored event with this auditID.</summary>
    Task<IReadOnlyList<(long Index, string Stage)>> FindAsync(string auditId, CancellationToken cancellationToken);

    Task AddCheckpointAsync(long size, string note, CancellationToken cancellationToken);

    /// <summary>Every stored checkpoint note by the size it was stored under, ascending.</summary>
    Task<IReadOnlyList<(long Size, string Note)>> CheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>Stored events matching the filters in log order; pruned events (bodies archived and removed) are not returned.</summary>
    Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken);
}
