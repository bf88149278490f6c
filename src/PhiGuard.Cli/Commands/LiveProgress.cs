using PhiGuard.Sources.Live;
using Spectre.Console;

namespace PhiGuard.Cli.Commands;

/// <summary>Reads a live cluster with a progress display on a terminal (stderr), and silently otherwise.</summary>
internal static class LiveProgress
{
    public static async Task<LiveLoadResult> LoadAsync(ClusterLoadOptions options, CancellationToken ct)
    {
        if (!Terminal.StderrInteractive || Terminal.NoColor)
        {
            return await ClusterLoader.LoadAsync(options, null, ct).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        LiveLoadResult? result = null;
        await console.Status().Spinner(Spinner.Known.Dots).StartAsync("Connecting to the cluster…", async status =>
        {
            var progress = new Progress<ClusterLoadProgress>(p => status.Status(Markup.Escape(p.ToString())));
            result = await ClusterLoader.LoadAsync(options, progress, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result!;
    }
}
