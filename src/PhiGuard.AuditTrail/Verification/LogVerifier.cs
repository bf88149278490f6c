using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Verification;

/// <summary>
/// Recomputes the whole tree from the stored event bytes (never from stored hashes) and checks every checkpoint's
/// signature and root against it; extra trusted checkpoints (kept outside the store) are checked the same way, so a
/// log truncated together with its own checkpoints is still caught.
/// </summary>
public static class LogVerifier
{
    private const int MaxReportedPerKind = 20;

    public static async Task<VerifyReport> VerifyAsync(
        IAuditStore store, SigningKey key, IReadOnlyList<string>? trustedNotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        var problems = new List<Problem>();
        var counts = new Dictionary<ProblemKind, int>();
        void Report(ProblemKind kind, string detail)
        {
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            if (counts[kind] <= MaxReportedPerKind)
            {
                problems.Add(new Problem(kind, detail));
            }
        }

        // Checkpoints to check, by size; stored ones first, then those handed in from outside.
        var checks = new SortedDictionary<long, List<(Checkpoint Cp, string Source)>>();
        var stored = await store.CheckpointsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (size, note) in stored)
        {
            var cp = SignedNote.Open(note, key, out var error);
            if (cp is null)
            {
                Report(ProblemKind.BadSignature, $"checkpoint stored at size {size}: {error}");
                continue;
            }

            if (cp.Size != size || cp.Origin != store.Origin)
            {
                Report(ProblemKind.ReplacedCheckpoint,
                    $"checkpoint stored at size {size} holds a note for size {cp.Size} of log '{cp.Origin}' (replaced)");
                continue;
            }

            Add(checks, cp, $"checkpoint at size {size}");
        }

        var i = 0;
        foreach (var note in trustedNotes ?? [])
        {
            i++;
            var cp = SignedNote.Open(note, key, out var error);
            if (cp is null)
            {
                Report(ProblemKind.BadSignature, $"trusted checkpoint #{i}: {error}");
            }
            else if (cp.Origin != store.Origin)
            {
                Report(ProblemKind.ReplacedCheckpoint, $"trusted checkpoint #{i} is for log '{cp.Origin}', not '{store.Origin}'");
            }
            else
            {
                Add(checks, cp, $"trusted checkpoint #{i} (size {cp.Size})");
            }
        }

        if (stored.Count == 0 && (trustedNotes is null || trustedNotes.Count == 0))
        {
            Report(ProblemKind.NoCheckpoint, "the log has no signed checkpoint: nothing proves its contents");
        }

        // Pruned events (below the recorded boundary, body removed) enter the tree by their stored leaf hash: the
        // signed roots still cover those hashes, so a changed one breaks the root; their bodies are proven by the export.
        var prunedBefore = await store.PrunedBeforeAsync(cancellationToken).ConfigureAwait(false);
        var pruned = 0L;
        var frontier = new Frontier();
        var lastGood = 0L;
        var pending = new Queue<KeyValuePair<long, List<(Checkpoint Cp, string Source)>>>(checks);
        var leaf = new byte[Rfc6962.HashSize];
        var events = 0L;
        var nextIndex = 0L;
        await foreach (var row in store.ReadLeavesAsync(cancellationToken).ConfigureAwait(false))
        {
            // A gap is reported once; indexes are compared with the previous row, not with the leaf count.
            if (row.Index > nextIndex)
            {
                Report(ProblemKind.MissingEvent, row.Index - nextIndex == 1
                    ? $"event at index {nextIndex} is missing (deleted)"
                    : $"events at indexes {nextIndex}..{row.Index - 1} are missing (deleted)");
            }

            nextIndex = row.Index + 1;
            if (row.Body.Length == 0 && row.Index < prunedBefore && row.LeafHash.Length == Rfc6962.HashSize)
            {
                row.LeafHash.CopyTo(leaf, 0);
                pruned++;
            }
            else
            {
                Rfc6962.LeafHash(row.Body, leaf);
                if (!leaf.AsSpan().SequenceEqual(row.LeafHash))
                {
                    Report(ProblemKind.ChangedEvent, row.Body.Length == 0
                        ? $"event at index {row.Index} (auditID {row.AuditId}, stage {row.Stage}) has no body but is not below the prune boundary ({prunedBefore}): it was deleted"
                        : $"event at index {row.Index} (auditID {row.AuditId}, stage {row.Stage}) was changed: its bytes no longer match its leaf hash");
                }
            }

            // The recomputed hash goes into the tree, so a change that also rewrote the stored hash still breaks the root.
            frontier.Append(leaf);
            events++;
            while (pending.Count > 0 && pending.Peek().Key == frontier.Size)
            {
                var (size, list) = pending.Dequeue();
                var root = frontier.Root();
                var allMatch = true;
                foreach (var (cp, source) in list)
                {
                    if (!root.AsSpan().SequenceEqual(cp.Root))
                    {
                        allMatch = false;
                        Report(ProblemKind.RootMismatch,
                            $"{source}: the events do not hash to its signed root; events between index {lastGood} and {size - 1} were changed, reordered, inserted or removed after it was signed");
                    }
                }

                if (allMatch)
                {
                    lastGood = size;
                }
            }
        }

        foreach (var (size, list) in pending)
        {
            foreach (var (_, source) in list)
            {
                Report(ProblemKind.Truncated,
                    $"{source}: the log holds {events} events but this checkpoint covers {size}; events {events}..{size - 1} are gone (truncated)");
            }
        }

        foreach (var (kind, n) in counts)
        {
            if (n > MaxReportedPerKind)
            {
                problems.Add(new Problem(kind, $"… and {n - MaxReportedPerKind} more problems of kind {kind}"));
            }
        }

        var sealedSize = checks.Count > 0 ? checks.Keys.Max() : 0;
        return new VerifyReport(events, stored.Count, sealedSize, problems) { Pruned = pruned };
    }

    private static void Add(SortedDictionary<long, List<(Checkpoint, string)>> checks, Checkpoint cp, string source)
    {
        if (!checks.TryGetValue(cp.Size, out var list))
        {
            checks[cp.Size] = list = [];
        }

        list.Add((cp, source));
    }
}
