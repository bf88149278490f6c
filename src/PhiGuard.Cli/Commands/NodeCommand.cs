using System.CommandLine;
using System.Runtime.InteropServices;
using PhiGuard.Sources.Node.Collect;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard node collect|manifests</c>: write a node snapshot from a node's files (read-only; private keys,
/// tokens and kubeconfig credentials are never copied), and print the DaemonSet or Job that runs it on nodes.
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Collect node snapshots (kubelet, static Pods, control-plane files, disk and FIPS facts).");
        command.Subcommands.Add(Collect());
        command.Subcommands.Add(Manifests());
        return command;
    }

    private static Command Collect()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder to write the snapshot to (must be absent or empty).", Required = true };
        var root = new Option<string>("--root") { Description = "The node's root folder (e.g. /host when the host is mounted there).", DefaultValueFactory = _ => "/" };
        var nodeName = new Option<string?>("--node-name") { Description = "The node's Kubernetes name (default: the root's /etc/hostname)." };
        var keep = new Option<int?>("--keep-running-seconds")
        {
            Description = "After writing, keep running this many seconds (0: until stopped) so the snapshot can be copied out of a Pod.",
        };
        var collect = new Command("collect", "Write a node snapshot for 'phiguard scan --node-snapshot DIR' (reads only; never copies private keys or tokens).");
        foreach (var o in new Option[] { output, root, nodeName, keep })
        {
            collect.Options.Add(o);
        }

        collect.SetAction(async (parse, ct) =>
        {
            NodeCollectResult result;
            try
            {
                result = NodeCollector.Collect(parse.GetValue(root)!, parse.GetValue(output)!, parse.GetValue(nodeName), TimeProvider.System, ct);
            }
            catch (NodeCollectException ex)
            {
                throw new CliException(ExitCodes.Usage, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Runtime, $"collecting the node snapshot failed: {ex.Message}");
            }

            Terminal.Info($"phiguard: wrote node snapshot of {result.Node} to {result.Output}: {result.Count(CollectedFile.Copied)} copied, " +
                          $"{result.Count(CollectedFile.Redacted)} redacted, {result.Count(CollectedFile.Withheld)} withheld, {result.Count(CollectedFile.Missing)} missing (see {NodeCollector.ManifestFile})");
            if (parse.GetValue(keep) is { } seconds and >= 0)
            {
                await Hold(seconds, ct).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return collect;
    }

    /// <summary>Waits so the snapshot can be copied out of the Pod; SIGTERM (Pod deletion) ends the wait cleanly.</summary>
    private static async Task Hold(int seconds, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds), stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Stopped by SIGTERM: the snapshot is written, so this is a normal end.
        }
    }

    private static Command Manifests()
    {
        var ns = new Option<string>("--namespace", "-n") { Description = "Namespace for the collector.", DefaultValueFactory = _ => "phiguard-system" };
        var image = new Option<string>("--image") { Description = "The phiguard image.", DefaultValueFactory = _ => "ghcr.io/phiguard/phiguard:0.1.0" };
        var job = new Option<bool>("--job") { Description = "Print a Job for one node instead of a DaemonSet for every node." };
        var node = new Option<string?>("--node") { Description = "With --job: the node to run on (kubernetes.io/hostname)." };
        var timesync = new Option<bool>("--timesync") { Description = "Also mount /run/systemd/timesync (only where every node runs systemd-timesyncd, or Pods will not start)." };
        var manifests = new Command("manifests", "Print the DaemonSet (or Job) that runs 'phiguard node collect' on nodes with read-only mounts and minimal privileges.");
        foreach (var o in new Option[] { ns, image, job, node, timesync })
        {
            manifests.Options.Add(o);
        }

        manifests.SetAction(parse =>
        {
            var nodeName = parse.GetValue(node);
            if (nodeName is not null && !parse.GetValue(job))
            {
                throw new CliException(ExitCodes.Usage, "--node applies to --job only (a DaemonSet runs on every node)");
            }

            parse.InvocationConfiguration.Output.Write(NodeCollectorManifests.Render(parse.GetValue(ns)!, parse.GetValue(image)!, parse.GetValue(job), nodeName, parse.GetValue(timesync)));
            return ExitCodes.Ok;
        });
        return manifests;
    }
}
