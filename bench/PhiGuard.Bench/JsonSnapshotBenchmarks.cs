using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Bench;

/// <summary>
/// Budget: scanning a 100,000-object JSON snapshot costs at most 3x <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// of the same bytes.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class JsonSnapshotBenchmarks
{
    private string file = string.Empty;
    private byte[] bytes = [];
    private Scanner scanner = null!;

    [GlobalSetup]
    public void Setup()
    {
        file = BenchInputs.JsonFile();
        bytes = File.ReadAllBytes(file);
        scanner = new Scanner(Controls.All());
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (bytes in memory)")]
    public int JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("items").GetArrayLength();
    }

    [Benchmark(Description = "ManifestLoader.Load (file)")]
    public int Load() => new ManifestLoader().Load([file]).Objects.Count;

    [Benchmark(Description = "Load + Scan (all controls)")]
    public int Scan()
    {
        var inventory = new ManifestLoader().Load([file]).ToInventory();
        return scanner.Scan(inventory, new ScanOptions { Config = new PhiGuardConfig() }).Findings.Count;
    }
}
