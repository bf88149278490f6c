using System.CommandLine;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;
using PhiGuard.Sources.Node;
using PhiGuard.Sources.Provider;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>--node-snapshot DIR…</c> and <c>--provider FILE</c>: node snapshots and a managed provider's description,
/// added to the same inventory the manifests or the live cluster fill.
/// </summary>
internal sealed class NodeSourceOptions
{
    public Option<string[]> NodeSnapshots { get; } = new("--node-snapshot")
    {
        Description = "A node snapshot folder written by 'phiguard node collect' (repeatable).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "A managed cluster's description: 'aws eks describe-cluster', 'gcloud container clusters describe --format json' or 'az aks show' output.",
    };

    public static bool Given(ScanRequest request) => request.NodeSnapshots.Count > 0 || request.Provider is not null;

    /// <summary>The inventory with the snapshots' and the description's objects, errors and facts added.</summary>
    public static (Inventory Inventory, IReadOnlyList<string> Inputs) AddTo(Inventory inventory, IReadOnlyList<string> inputs, ScanRequest request, CancellationToken ct)
    {
        if (!Given(request))
        {
            return (inventory, inputs);
        }

        var extra = new List<LoadResult>();
        foreach (var dir in request.NodeSnapshots)
        {
            extra.Add(NodeSnapshotLoader.Load(dir, ct));
        }

        if (request.Provider is { } provider)
        {
            extra.Add(ProviderDescriptionLoader.Load(provider));
        }

        var facts = inventory.Facts;
        var managed = extra.Select(e => e.Facts.ManagedProvider).FirstOrDefault(p => p is not null);
        if (managed is not null && facts.ManagedProvider is null)
        {
            facts = facts with { ManagedProvider = managed };
        }

        var merged = new Inventory(
            inventory.Objects.Concat(extra.SelectMany(e => e.Objects)),
            inventory.Errors.Concat(extra.SelectMany(e => e.Errors)),
            inventory.Gaps,
            inventory.Origin,
            facts);
        return (merged, inputs.Concat(extra.SelectMany(e => e.Inputs)).ToArray());
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(NodeSnapshots);
        command.Options.Add(Provider);
    }
}
