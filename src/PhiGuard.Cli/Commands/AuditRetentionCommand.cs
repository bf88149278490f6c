using System.CommandLine;
using System.Globalization;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Retention;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard audit export</c> and <c>audit prune</c>: sealed segments are archived as files that verify offline, and
/// only archived segments older than the retention period (default 6 years) may have their event bodies removed.
/// </summary>
internal static class AuditRetentionCommand
{
    public static Command Export()
    {
        var store = AuditCommand.StoreOption();
        var key = new Option<string>("--key") { Description = "The checkpoint public key (signing.pub).", Required = true };
        var segment = new Option<long?>("--segment") { Description = "Export segment N: indexes N*SIZE .. (N+1)*SIZE-1." };
        var segmentSize = new Option<long>("--segment-size") { Description = "Events per segment.", DefaultValueFactory = _ => SegmentExporter.DefaultSegmentSize };
        var until = new Option<string?>("--until") { Description = "Export up to a checkpoint: its tree size or a signed checkpoint file." };
        var from = new Option<long?>("--from") { Description = "With --until: first index to export (default: the first not pruned)." };
        var output = new Option<string>("--output", "-o") { Description = "New or empty directory for the export.", Required = true };
        var command = new Command("export", "Write sealed events to a directory (events.jsonl, leaves.bin, checkpoint.note, manifest.json) that 'audit verify --export' checks offline.");
        foreach (var o in new Option[] { store, key, segment, segmentSize, until, from, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(segment) is null == parse.GetValue(until) is null)
            {
                throw new CliException(ExitCodes.Usage, "audit export needs exactly one of --segment N or --until CHECKPOINT");
            }

            using var pub = AuditCommand.LoadKey(parse.GetValue(key)!);
            await using var s = await AuditCommand.OpenStoreAsync(parse.GetValue(store)!, create: false, ct).ConfigureAwait(false);
            long first, end;
            if (parse.GetValue(segment) is { } n)
            {
                var size = parse.GetValue(segmentSize);
                if (n < 0 || size < 1)
                {
                    throw new CliException(ExitCodes.Usage, "--segment must be 0 or more and --segment-size 1 or more");
                }

                (first, end) = (checked(n * size), checked((n + 1) * size));
            }
            else
            {
                end = UntilSize(parse.GetValue(until)!, pub);
                first = parse.GetValue(from) ?? await s.PrunedBeforeAsync(ct).ConfigureAwait(false);
            }

            var dir = parse.GetValue(output)!;
            ExportManifest m;
            try
            {
                m = await SegmentExporter.ExportAsync(s, pub, first, end, dir, null, ct).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw new CliException(ExitCodes.Usage, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, $"-o {dir}: {ex.Message}");
            }

            parse.InvocationConfiguration.Output.WriteLine(
                $"exported indexes {m.From}..{m.To - 1} ({m.To - m.From} events) to {dir}, proven against the signed checkpoint at size {m.TreeSize}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Prune()
    {
        var store = AuditCommand.StoreOption();
        var key = new Option<string>("--key") { Description = "The checkpoint public key (signing.pub): every export is verified with it first.", Required = true };
        var before = new Option<string>("--before") { Description = "Prune only segments whose every event is older than this ISO-8601 time (or duration back from now, 2200d).", Required = true };
        var exports = new Option<string[]>("--export") { Description = "An export directory ('audit export') of the segments to prune; repeatable.", Arity = ArgumentArity.OneOrMore, Required = true };
        var retention = new Option<string?>("--retention") { Description = "Retention period below which nothing is pruned: years (6y, the HIPAA default) or days; overrides auditRetention in phiguard.yaml." };
        var config = new Option<string?>("--config") { Description = "phiguard.yaml to read auditRetention from (default: ./phiguard.yaml when present)." };
        var command = new Command("prune", "Remove the bodies of exported, verified segments older than the retention period; leaf hashes stay so the log still verifies.");
        foreach (var o in new Option[] { store, key, before, exports, retention, config })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            RetentionPeriod period;
            try
            {
                period = RetentionPeriod.Parse(parse.GetValue(retention) ?? CliConfig.Load(parse.GetValue(config), []).AuditRetention ?? RetentionPeriod.Default.ToString());
            }
            catch (FormatException ex)
            {
                throw new CliException(ExitCodes.Usage, "--" + ex.Message);
            }

            var cutoff = AuditCommand.ParseTime(parse.GetValue(before), "--before", now)!.Value;
            using var pub = AuditCommand.LoadKey(parse.GetValue(key)!);
            await using var s = await AuditCommand.OpenStoreAsync(parse.GetValue(store)!, create: false, ct).ConfigureAwait(false);
            PruneResult r;
            try
            {
                r = await Pruner.PruneAsync(s, pub, cutoff, period, parse.GetValue(exports)!, now, ct).ConfigureAwait(false);
            }
            catch (RetentionViolationException ex)
            {
                throw new CliException(ExitCodes.Usage, "refused: " + ex.Message);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                throw new CliException(ExitCodes.Usage, "refused: " + ex.Message);
            }

            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(r.Pruned > 0 || r.PrunedBefore > r.PrunedBeforeWas
                ? $"pruned {r.Pruned} events (indexes {r.PrunedBeforeWas}..{r.PrunedBefore - 1}); leaf hashes kept, the log still verifies; stopped at index {r.PrunedBefore}: {r.StoppedBecause}"
                : $"nothing pruned (boundary stays at index {r.PrunedBefore}): {r.StoppedBecause}");
            return ExitCodes.Ok;
        });
        return command;
    }

    // --until: a stored checkpoint's size, or a signed checkpoint file whose size is used.
    private static long UntilSize(string value, SigningKey key)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return size;
        }

        string note;
        try
        {
            note = File.ReadAllText(value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"--until {value}: neither a tree size nor a readable checkpoint file ({ex.Message})");
        }

        var cp = SignedNote.Open(note, key, out var error)
            ?? throw new CliException(ExitCodes.Usage, $"--until {value}: {error}");
        return cp.Size;
    }
}
