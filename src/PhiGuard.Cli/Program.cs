using System.CommandLine;
using PhiGuard.Cli.Commands;

namespace PhiGuard.Cli;

/// <summary>The <c>phiguard</c> command (also run as the kubectl plugin <c>kubectl-phiguard</c>).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                Terminal.Error(e.Message);
            }

            var command = parse.CommandResult.Command;
            Console.Error.WriteLine($"Run 'phiguard {(command == root ? string.Empty : command.Name + " ")}--help' for usage.");
            return ExitCodes.Usage;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cts.Token)
                .ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            Terminal.Error(ex.Message);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Terminal.Error("cancelled");
            return ExitCodes.Runtime;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No stack trace reaches a user; PHIGUARD_DEBUG=1 shows it for bug reports.
            Terminal.Error($"internal error: {ex.Message}");
            if (Environment.GetEnvironmentVariable("PHIGUARD_DEBUG") == "1")
            {
                Console.Error.WriteLine(ex);
            }
            else
            {
                Console.Error.WriteLine("Set PHIGUARD_DEBUG=1 to see details, and please report it.");
            }

            return ExitCodes.Runtime;
        }
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("PhiGuard: make a Kubernetes cluster HIPAA-ready and prove it.");
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create());
        root.Subcommands.Add(ControlsCommand.Create());
        root.Subcommands.Add(NetpolCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(RbacCommand.Create());
        root.Subcommands.Add(PssCommand.Create());
        root.Subcommands.Add(AuditPolicyCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(AdmissionCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(EtcdCommand.Create());
        return root;
    }
}
