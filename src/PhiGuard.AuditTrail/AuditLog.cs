using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail;

/// <summary>
/// The writing side of the trail: appends batches to a store and seals what is stored with signed checkpoints; the
/// tree's right edge is cached so a checkpoint reads only the leaves appended since the previous one.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly IAuditStore _store;
    private readonly SigningKey? _key;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sealLock = new(1, 1);
    private readonly Frontier _frontier = new();

    public AuditLog(IAuditStore store, SigningKey? key, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (key is { HasPrivate: false })
        {
            throw new ArgumentException("checkpoints need the private signing key, not the public one", nameof(key));
        }

        _store = store;
        _key = key;
        _time = time ?? TimeProvider.System;
    }

    public IAuditStore Store => _store;

    public Task<AppendResult> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken) =>
        _store.AppendAsync(events, cancellationToken);

    /// <summary>Signs and stores a checkpoint of everything stored now; null when no key is configured or the log is empty.</summary>
    public async Task<string?> CheckpointAsync(CancellationToken cancellationToken)
    {
        if (_key is null)
        {
            return null;
        }

        await _sealLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var size = await _store.SizeAsync(cancellationToken).ConfigureAwait(false);
            if (size == 0)
            {
                return null;
            }

            if (size > _frontier.Size)
            {
                var leaves = await _store.ReadLeafHashesAsync(_frontier.Size, size, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < leaves.Length; i += Rfc6962.HashSize)
                {
                    _frontier.Append(leaves.AsSpan(i, Rfc6962.HashSize));
                }
            }

            var checkpoint = new Checkpoint(_store.Origin, size, _frontier.Root(), _time.GetUtcNow());
            var note = SignedNote.Sign(checkpoint, _key);
            await _store.AddCheckpointAsync(size, note, cancellationToken).ConfigureAwait(false);
            return note;
        }
        finally
        {
            _sealLock.Release();
        }
    }

    public void Dispose() => _sealLock.Dispose();
}
