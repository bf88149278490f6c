using BenchmarkDotNet.Attributes;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Bench;

/// <summary>The full workload × workload matrix of a 5,000-workload, 1,000-policy cluster (100 namespaces).</summary>
[MemoryDiagnoser]
public class ReachabilityBench
{
    private Inventory inventory = Inventory.Empty;
    private NetworkModel model = null!;

    [GlobalSetup]
    public void Setup()
    {
        inventory = SyntheticNetworkCluster.Build(namespaces: 100, workloadsPerNamespace: 50, policiesPerNamespace: 10);
        model = NetworkModel.Build(inventory);
    }

    [Benchmark]
    public NetworkModel BuildModel() => NetworkModel.Build(inventory);

    /// <summary>The matrix on a model whose reachability index is already built (the first call builds it).</summary>
    [Benchmark]
    public int FullMatrix() => ReachMatrix.Compute(model).AllowedCount;

    /// <summary>What `phiguard netpol matrix` costs after loading: model, index and matrix from scratch.</summary>
    [Benchmark]
    public int ModelIndexAndMatrix() => ReachMatrix.Compute(NetworkModel.Build(inventory)).AllowedCount;
}
