using System.CommandLine;
using PhiGuard.Sources.Live;

namespace PhiGuard.Cli.Commands;

/// <summary>The options that pick a live cluster, shared by scan and snapshot.</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Kubeconfig file of the cluster to read (default: $KUBECONFIG or ~/.kube/config).",
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "Kubeconfig context to use (default: the current context).",
    };

    public Option<string[]> Namespaces { get; } = new("--namespace", "-n")
    {
        Description = "Only these namespaces (repeatable); cluster-scoped objects are still read.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "Seconds to wait for each API request.",
        DefaultValueFactory = _ => 30,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        command.Options.Add(Namespaces);
        command.Options.Add(RequestTimeout);
    }

    public ClusterLoadOptions ToLoadOptions(ParseResult parse) => new()
    {
        KubeconfigPath = parse.GetValue(Kubeconfig),
        Context = parse.GetValue(Context),
        Namespaces = parse.GetValue(Namespaces) ?? [],
        RequestTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(RequestTimeout))),
    };

    /// <summary>True when a kubeconfig can be found: the option, $KUBECONFIG, ~/.kube/config, or in-cluster.</summary>
    public static bool ClusterConfigured(string? kubeconfig) =>
        kubeconfig is not null ||
        (Environment.GetEnvironmentVariable("KUBECONFIG") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(File.Exists) ||
        File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));
}
