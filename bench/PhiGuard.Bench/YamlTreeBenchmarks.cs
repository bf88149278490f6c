using BenchmarkDotNet.Attributes;
using PhiGuard.Sources.Manifests;
using YamlDotNet.Core;

namespace PhiGuard.Bench;

/// <summary>Budget: loading a 10,000-object YAML tree runs at least at 70% of YamlDotNet's raw parser throughput.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class YamlTreeBenchmarks
{
    private string folder = string.Empty;
    private string[] files = [];

    [GlobalSetup]
    public void Setup()
    {
        folder = BenchInputs.YamlFolder();
        files = Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
    }

    [Benchmark(Baseline = true, Description = "YamlDotNet Parser event loop (same files)")]
    public long RawParser()
    {
        long events = 0;
        foreach (var f in files)
        {
            using var reader = new StreamReader(f);
            var parser = new Parser(reader);
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    [Benchmark(Description = "ManifestLoader.Load (folder)")]
    public int Load() => new ManifestLoader().Load([folder]).Objects.Count;
}
