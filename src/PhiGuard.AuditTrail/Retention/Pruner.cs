using System.Globalization;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>
/// Prunes the oldest part of a log: only whole exported segments, each verified offline (with the public key) and
/// matching the store's own leaves, whose every event is older than the cutoff — and never anything younger than the
/// retention period. A pruned event keeps its index, auditID, stage, time and leaf hash, so verification and proofs
/// of everything after it work as before.
/// </summary>
public static class Pruner
{
    public static async Task<PruneResult> PruneAsync(
        IAuditStore store, SigningKey key, DateTimeOffset before, RetentionPeriod retention, IReadOnlyList<string> exportDirectories,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(exportDirectories);
        var cutoff = retention.Cutoff(now);
        if (before > cutoff)
        {
            throw new RetentionViolationException(
                $"--before {Iso(before)} is within the retention period ({retention}): only events older than {Iso(cutoff)} may be pruned; nothing was removed");
        }

        // Each export must verify on its own and hold exactly the store's leaves for its range.
        var segments = new List<ExportManifest>();
        foreach (var dir in exportDirectories)
        {
            var report = await ExportVerifier.VerifyAsync(dir, key, cancellationToken).ConfigureAwait(false);
            if (!report.Intact)
            {
                throw new InvalidDataException($"export {dir} does not verify, so nothing is pruned: {string.Join("; ", report.Problems.Select(p => p.Detail))}");
            }

            var m = report.Manifest!;
            if (m.Origin != store.Origin)
            {
                throw new InvalidDataException($"export {dir} is of log '{m.Origin}', not '{store.Origin}'");
            }

            var stored = await store.ReadLeafHashesAsync(m.From, m.To, cancellationToken).ConfigureAwait(false);
            var exported = await File.ReadAllBytesAsync(Path.Combine(dir, ExportManifest.LeavesFile), cancellationToken).ConfigureAwait(false);
            if (!stored.AsSpan().SequenceEqual(exported))
            {
                throw new InvalidDataException($"export {dir} (indexes {m.From}..{m.To - 1}) does not match the events stored at those indexes");
            }

            segments.Add(m);
        }

        // Walk forward from the current boundary through contiguous exported segments that are wholly older than --before.
        var was = await store.PrunedBeforeAsync(cancellationToken).ConfigureAwait(false);
        var boundary = was;
        string stopped;
        while (true)
        {
            var next = segments.Where(s => s.From <= boundary && s.To > boundary).OrderByDescending(s => s.To).FirstOrDefault();
            if (next is null)
            {
                stopped = $"no export given covers index {boundary}";
                break;
            }

            var newest = await store.NewestTimestampAsync(next.From, next.To, cancellationToken).ConfigureAwait(false);
            if (newest is { } t && t >= before)
            {
                stopped = $"the segment {next.From}..{next.To - 1} holds events up to {Iso(t)}, not all older than {Iso(before)}";
                break;
            }

            boundary = next.To;
        }

        var pruned = boundary > was ? await store.PruneAsync(boundary, cancellationToken).ConfigureAwait(false) : 0;
        return new PruneResult(was, boundary, pruned, stopped);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
