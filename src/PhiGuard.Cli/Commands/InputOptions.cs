using System.CommandLine;
using PhiGuard.Sources.Live;

namespace PhiGuard.Cli.Commands;

/// <summary>The options that pick a live cluster for the rbac commands (which always read every namespace).</summary>
internal sealed class InputOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Kubeconfig file of the cluster to read when no PATH is given (default: $KUBECONFIG or ~/.kube/config).",
    };

    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context to use." };

    public Option<int> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "Seconds to wait for each API request.",
        DefaultValueFactory = _ => 30,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        command.Options.Add(RequestTimeout);
    }

    public ClusterLoadOptions ToLoadOptions(ParseResult parse) => new()
    {
        KubeconfigPath = parse.GetValue(Kubeconfig),
        Context = parse.GetValue(Context),
        RequestTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(RequestTimeout))),
    };
}
