using System.CommandLine;
using PhiGuard.Sources.Live;

namespace PhiGuard.Cli.Commands;

/// <summary><c>phiguard snapshot -o FILE</c>: save what a live scan reads (redacted) to repeat the scan offline.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var cluster = new ClusterOptions();
        var output = new Option<string>("--output", "-o")
        {
            Description = "File to write (JSON; gzip-compressed when it ends in .gz).",
            Required = true,
        };
        var command = new Command("snapshot",
            "Read a live cluster and save its objects (Secrets as metadata only) for 'phiguard scan FILE'.");
        cluster.AddTo(command);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            LiveLoadResult live;
            try
            {
                live = await LiveProgress.LoadAsync(cluster.ToLoadOptions(parse), ct).ConfigureAwait(false);
            }
            catch (ClusterAccessException ex)
            {
                throw new CliException(ex.Failure == ClusterAccessFailure.Configuration ? ExitCodes.Usage : ExitCodes.Runtime, ex.Message);
            }

            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            SnapshotWriter.WriteFile(live, file);
            foreach (var gap in live.Inventory.Gaps)
            {
                Terminal.Warn($"not read: {gap}");
            }

            Terminal.Info($"phiguard: wrote {live.Inventory.Objects.Count} objects to {file}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
