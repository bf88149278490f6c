using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Engine;

/// <summary>Everything a control may read: the inventory, its workloads, PHI scope, config, profile and the time.</summary>
public sealed class ControlContext
{
    private IReadOnlyList<Workload>? workloads;
    private NetworkModel? network;

    public ControlContext(Inventory.Inventory inventory, PhiGuardConfig config, Profile profile, DateTimeOffset now)
    {
        Inventory = inventory;
        Config = config;
        Profile = profile;
        Now = now;
        Scope = new PhiScope(inventory, config);
    }

    public Inventory.Inventory Inventory { get; }

    public PhiGuardConfig Config { get; }

    public Profile Profile { get; }

    public PhiScope Scope { get; }

    /// <summary>The time the scan judges against (injected, so tests are repeatable).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The workload view, built once per scan.</summary>
    public IReadOnlyList<Workload> Workloads => workloads ??= WorkloadView.Build(Inventory);

    /// <summary>The NetworkPolicy reachability model, built once per scan when a control first asks for it.</summary>
    public NetworkModel Network => network ??= NetworkModel.Build(Inventory, Workloads);
}
