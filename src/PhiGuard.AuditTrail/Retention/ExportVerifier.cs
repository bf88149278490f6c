using System.Text;
using System.Text.Json;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>
/// Verifies an exported segment with nothing but its directory and the public key: every event line must hash to its
/// recorded leaf, and those leaves with the range proof must hash to the root of the checkpoint, whose signature must
/// verify; the manifest's file hashes name a file that was changed after export.
/// </summary>
public static class ExportVerifier
{
    private const int MaxReportedLines = 20;

    public static async Task<ExportReport> VerifyAsync(string directory, SigningKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(key);
        var problems = new List<Problem>();
        var manifestPath = Path.Combine(directory, ExportManifest.FileName);
        ExportManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ExportManifest>(await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"{manifestPath}: cannot read: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return Fail($"{manifestPath}: not an export manifest: {ex.Message}");
        }

        if (manifest is null || manifest.Format != ExportManifest.CurrentFormat || manifest.From < 0 || manifest.To <= manifest.From
            || manifest.TreeSize < manifest.To || manifest.Files is null || manifest.RangeProof is null)
        {
            return Fail($"{manifestPath}: not a {ExportManifest.CurrentFormat} manifest (format, from < to <= treeSize, files, rangeProof)");
        }

        // File hashes first: they say which file changed, even when the Merkle checks below cannot say which line.
        foreach (var name in new[] { ExportManifest.EventsFile, ExportManifest.LeavesFile, ExportManifest.CheckpointFile })
        {
            var recorded = manifest.Files.FirstOrDefault(f => f.Name == name);
            if (recorded is null)
            {
                problems.Add(new Problem(ProblemKind.ExportDamaged, $"{manifestPath}: lists no {name}"));
                continue;
            }

            if (!File.Exists(Path.Combine(directory, name)))
            {
                return Fail($"{Path.Combine(directory, name)}: missing", problems, manifest);
            }

            var actual = await SegmentExporter.DescribeAsync(directory, name, cancellationToken).ConfigureAwait(false);
            if (actual.Sha256 != recorded.Sha256 || actual.Bytes != recorded.Bytes)
            {
                problems.Add(new Problem(ProblemKind.ExportDamaged,
                    $"{Path.Combine(directory, name)}: {actual.Bytes} bytes with SHA-256 {actual.Sha256}, the manifest records {recorded.Bytes} bytes with {recorded.Sha256} (changed after export)"));
            }
        }

        var note = await File.ReadAllTextAsync(Path.Combine(directory, ExportManifest.CheckpointFile), cancellationToken).ConfigureAwait(false);
        var cp = SignedNote.Open(note, key, out var error);
        if (cp is null)
        {
            problems.Add(new Problem(ProblemKind.BadSignature, $"{ExportManifest.CheckpointFile}: {error}"));
        }
        else if (cp.Origin != manifest.Origin || cp.Size != manifest.TreeSize)
        {
            problems.Add(new Problem(ProblemKind.ReplacedCheckpoint,
                $"{ExportManifest.CheckpointFile} is for size {cp.Size} of log '{cp.Origin}', the manifest says size {manifest.TreeSize} of '{manifest.Origin}' (replaced)"));
        }

        var count = manifest.To - manifest.From;
        var leaves = await File.ReadAllBytesAsync(Path.Combine(directory, ExportManifest.LeavesFile), cancellationToken).ConfigureAwait(false);
        if (leaves.Length != count * Rfc6962.HashSize)
        {
            problems.Add(new Problem(ProblemKind.ExportDamaged,
                $"{ExportManifest.LeavesFile}: {leaves.Length} bytes, expected {count * Rfc6962.HashSize} for {count} events"));
            return new ExportReport(manifest, 0, problems);
        }

        // Each line against its recorded leaf: names the changed line.
        var lines = 0L;
        var changed = 0;
        var leaf = new byte[Rfc6962.HashSize];
        using (var reader = new StreamReader(Path.Combine(directory, ExportManifest.EventsFile), new UTF8Encoding(false, false)))
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (lines < count)
                {
                    Rfc6962.LeafHash(Encoding.UTF8.GetBytes(line), leaf);
                    if (!leaf.AsSpan().SequenceEqual(leaves.AsSpan(checked((int)lines * Rfc6962.HashSize), Rfc6962.HashSize)) && ++changed <= MaxReportedLines)
                    {
                        problems.Add(new Problem(ProblemKind.ChangedEvent,
                            $"{ExportManifest.EventsFile} line {lines + 1} (log index {manifest.From + lines}) was changed: it does not hash to its leaf"));
                    }
                }

                lines++;
            }
        }

        if (changed > MaxReportedLines)
        {
            problems.Add(new Problem(ProblemKind.ChangedEvent, $"… and {changed - MaxReportedLines} more changed lines"));
        }

        if (lines != count)
        {
            problems.Add(new Problem(ProblemKind.MissingEvent,
                $"{ExportManifest.EventsFile} holds {lines} lines; the export covers {count} events (indexes {manifest.From}..{manifest.To - 1}): lines were {(lines < count ? "removed" : "added")}"));
        }

        // The leaves with the range proof against the signed root: catches a line rewritten together with its leaf.
        byte[][] proof;
        try
        {
            proof = manifest.RangeProof.Select(Convert.FromBase64String).ToArray();
        }
        catch (FormatException)
        {
            proof = [];
            problems.Add(new Problem(ProblemKind.ExportDamaged, $"{manifestPath}: rangeProof holds a value that is not base64"));
        }

        if (cp is not null)
        {
            var root = RangeProof.Root(leaves, manifest.From, manifest.To, manifest.TreeSize, proof);
            if (root is null || !root.AsSpan().SequenceEqual(cp.Root))
            {
                problems.Add(new Problem(ProblemKind.RootMismatch,
                    $"indexes {manifest.From}..{manifest.To - 1} do not hash to the signed root of the checkpoint at size {cp.Size}: events or leaves were changed, reordered, added or removed after export"));
            }
        }

        return new ExportReport(manifest, lines, problems);

        ExportReport Fail(string detail, List<Problem>? before = null, ExportManifest? m = null) =>
            new(m, 0, [.. before ?? [], new Problem(ProblemKind.ExportDamaged, detail)]);
    }
}
