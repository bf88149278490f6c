using System.CommandLine;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Review;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.Cli.Commands;

/// <summary><c>phiguard audit review</c>: the periodic activity-review report (Markdown or HTML) over a period of the log.</summary>
internal static class AuditReviewCommand
{
    public static Command Create()
    {
        var store = AuditCommand.StoreOption();
        var since = new Option<string>("--since") { Description = "Start of the period: a duration back from now (7d, 24h) or an ISO-8601 time.", DefaultValueFactory = _ => "7d" };
        var until = new Option<string?>("--until") { Description = "End of the period (exclusive); default now." };
        var detection = new DetectionOptionSet();
        var key = new Option<string?>("--key") { Description = "Checkpoint public key: also verify the log and state the result in the report." };
        var format = new Option<string>("--format") { Description = "markdown or html.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout." };
        var command = new Command("review", "Activity review: access to PHI namespaces, Secret reads, exec sessions, RBAC changes, denied requests, alerts.");
        foreach (var o in new Option[] { store, since, until, key, format, output })
        {
            command.Options.Add(o);
        }

        detection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var from = AuditCommand.ParseTime(parse.GetValue(since), "--since", now)!.Value;
            var to = AuditCommand.ParseTime(parse.GetValue(until), "--until", now) ?? now;
            var (options, rules) = detection.Resolve(parse);
            await using var s = await AuditCommand.OpenStoreAsync(parse.GetValue(store)!, create: false, ct).ConfigureAwait(false);
            string? integrity = null;
            if (parse.GetValue(key) is { } keyFile)
            {
                SigningKey pub;
                try
                {
                    pub = SigningKey.Load(keyFile);
                }
                catch (InvalidDataException ex)
                {
                    throw new CliException(ExitCodes.Usage, ex.Message);
                }

                using (pub)
                {
                    var report = await LogVerifier.VerifyAsync(s, pub, null, ct).ConfigureAwait(false);
                    integrity = report.Intact
                        ? $"verified ({report.Events} events, sealed up to {report.SealedSize})"
                        : $"TAMPERED: {string.Join("; ", report.Problems.Select(p => p.Detail))}";
                }
            }

            var review = await ActivityReview.BuildAsync(s, from, to, options, rules, integrity, ct).ConfigureAwait(false);
            var text = parse.GetValue(format) == "html" ? ReviewRenderer.Html(review) : ReviewRenderer.Markdown(review);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, text, ct).ConfigureAwait(false);
                Terminal.Info($"phiguard: wrote the review of {review.Events} events to {file}");
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
