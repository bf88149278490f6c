using System.Diagnostics;
using System.Globalization;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Bench;

/// <summary>
/// `controls-json FILE`: loads once, then times the network model and its reachability index, and each control
/// scanned on its own (a network control's time includes building the model again, as a one-control scan would).
/// Lists the slowest controls first, so a control that grows faster than the input stands out.
/// </summary>
internal static class ControlTimer
{
    /// <summary>Wall time and this process's CPU time (less distorted by other processes on a shared machine).</summary>
    private static (double Wall, double Cpu) Time(Action work)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        work();
        return (clock.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
    }

    public static int Run(string file)
    {
        var inventory = new ManifestLoader().Load([file]).ToInventory();
        var clock = Stopwatch.StartNew();
        var workloads = Core.Inventory.WorkloadView.Build(inventory).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WorkloadView.Build: {workloads} workloads in {clock.Elapsed.TotalMilliseconds:F0} ms"));
        clock.Restart();
        var model = NetworkModel.Build(inventory);
        var build = clock.Elapsed;
        clock.Restart();
        _ = model.Index;
        var index = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Endpoints.Count} endpoints, {model.Policies.Count} policies: model {build.TotalMilliseconds:F0} ms, index {index.TotalMilliseconds:F0} ms"));

        // A sample of a third of the workloads, about as many as the PHI namespaces hold in the synthetic cluster.
        var phi = model.Endpoints.Where(e => e.Labels.Count > 0 && e.Index % 3 == 0).ToList();
        clock.Restart();
        var reached = phi.Count(e => ExternalProbes.ReachesInternet(model, e, out _));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"internet probes for {phi.Count} endpoints: {clock.Elapsed.TotalMilliseconds:F0} ms ({reached})"));
        clock.Restart();
        var columns = phi.Sum(e => model.Index.SourcesOf(e).Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"columns for {phi.Count} endpoints: {clock.Elapsed.TotalMilliseconds:F0} ms ({columns})"));
        var scanner = new Core.Engine.Scanner(Controls.All());
        var network = Controls.All().Where(c => c.GetType().Namespace == "PhiGuard.Controls.Network").Select(c => c.Id).ToList();
        var others = Controls.All().Select(c => c.Id).Except(network).ToList();
        for (var round = 0; round < 3; round++)
        {
            var (fullWall, fullCpu) = Time(() => scanner.Scan(inventory, new Core.Engine.ScanOptions { Config = new Core.Config.PhiGuardConfig() }));
            var (othersWall, othersCpu) = Time(() => scanner.Scan(inventory, new Core.Engine.ScanOptions { Config = new Core.Config.PhiGuardConfig(), Controls = others }));
            var (netWall, netCpu) = Time(() => scanner.Scan(inventory, new Core.Engine.ScanOptions { Config = new Core.Config.PhiGuardConfig(), Controls = network }));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Scan wall/CPU ms: all controls {fullWall:F0}/{fullCpu:F0}; without the {network.Count} network controls {othersWall:F0}/{othersCpu:F0}; network controls only {netWall:F0}/{netCpu:F0}"));
        }

        var times = new List<(string Id, TimeSpan Time)>();
        foreach (var control in Controls.All())
        {
            GC.Collect();
            clock.Restart();
            scanner.Scan(inventory, new Core.Engine.ScanOptions { Config = new Core.Config.PhiGuardConfig(), Controls = [control.Id] });
            times.Add((control.Id, clock.Elapsed));
        }

        foreach (var (id, time) in times.OrderByDescending(t => t.Time).Take(15))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id,-40} {time.TotalMilliseconds,8:F0} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"sum of all controls",-40} {times.Sum(t => t.Time.TotalMilliseconds),8:F0} ms"));
        return 0;
    }
}
