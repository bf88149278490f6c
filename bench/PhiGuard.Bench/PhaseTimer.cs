using System.Diagnostics;
using System.Globalization;
using PhiGuard.Sources.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PhiGuard.Bench;

/// <summary>
/// Splits YAML load time into phases (raw parser, parser plus JSON conversion, full loader) over the same files,
/// best of several rounds, to see where the loader spends its time beyond YamlDotNet's own parsing.
/// </summary>
internal static class PhaseTimer
{
    public static int Run(string folder, int rounds)
    {
        var files = Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        Report("raw parser events", rounds, () =>
        {
            long n = 0;
            foreach (var f in files)
            {
                using var reader = new StreamReader(f);
                var parser = new Parser(reader);
                while (parser.MoveNext())
                {
                    n++;
                }
            }

            return n;
        });
        Report("raw parser over BoundedReader", rounds, () =>
        {
            long n = 0;
            foreach (var f in files)
            {
                using var reader = new BoundedReader(new StreamReader(f), LoaderLimits.Default);
                var parser = new Parser(reader);
                while (parser.MoveNext())
                {
                    n++;
                }
            }

            return n;
        });
        Report("parser + convert + sink", rounds, () =>
        {
            var sink = new LoadSink(LoaderLimits.Default);
            using var converter = new YamlToJsonConverter(LoaderLimits.Default);
            foreach (var f in files)
            {
                using var reader = new StreamReader(f);
                var parser = new Parser(reader);
                parser.MoveNext();
                parser.MoveNext();
                while (parser.Current is DocumentStart)
                {
                    parser.MoveNext();
                    converter.Convert(parser, 0, 1);
                }

                foreach (var e in converter.FlushBatch())
                {
                    sink.Add(e, new Core.Inventory.SourceLocation(f, 1, 1));
                }
            }

            return sink.ObjectCount;
        });
        Report("parser + convert to JsonElement", rounds, () =>
        {
            long n = 0;
            using var converter = new YamlToJsonConverter(LoaderLimits.Default);
            foreach (var f in files)
            {
                using var reader = new StreamReader(f);
                var parser = new Parser(reader);
                parser.MoveNext();
                parser.MoveNext();
                while (parser.Current is DocumentStart)
                {
                    parser.MoveNext();
                    converter.Convert(parser, 0, 1);
                }

                n += converter.FlushBatch().Count;
            }

            return n;
        });
        Report("ManifestLoader.Load", rounds, () => new ManifestLoader().Load([folder]).Objects.Count);
        return 0;
    }

    public static int RunJson(string file, int rounds)
    {
        var inMemory = File.ReadAllBytes(file);
        Report("JsonDocument.Parse (in memory, disposed)", rounds, () =>
        {
            using var d = System.Text.Json.JsonDocument.Parse(inMemory);
            return d.RootElement.GetProperty("items").GetArrayLength();
        });
        Report("File.ReadAllBytes", rounds, () => File.ReadAllBytes(file).Length);
        Report("ReadAllBytes + Parse (kept)", rounds, () =>
        {
            var bytes = File.ReadAllBytes(file);
            var d = System.Text.Json.JsonDocument.Parse(bytes.AsMemory());
            return d.RootElement.GetProperty("items").GetArrayLength();
        });
        Report("ManifestLoader.Load", rounds, () => new ManifestLoader().Load([file]).Objects.Count);
        JsonManifestReader.InPlaceMaxBytes = 0;
        Report("ManifestLoader.Load (batched path)", rounds, () => new ManifestLoader().Load([file]).Objects.Count);
        JsonManifestReader.InPlaceMaxBytes = int.MaxValue;
        Report("ManifestLoader.Load (again)", rounds, () => new ManifestLoader().Load([file]).Objects.Count);
        Report("Load + ToInventory", rounds, () => new ManifestLoader().Load([file]).ToInventory().Objects.Count);
        var scanner = new Core.Engine.Scanner(Controls.All());
        Report("Load + ToInventory + Scan", rounds, () => scanner.Scan(
            new ManifestLoader().Load([file]).ToInventory(),
            new Core.Engine.ScanOptions { Config = new Core.Config.PhiGuardConfig() }).Findings.Count);
        return 0;
    }

    private static void Report(string name, int rounds, Func<long> work)
    {
        var best = TimeSpan.MaxValue;
        long result = 0;
        for (var i = 0; i < rounds; i++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            result = work();
            clock.Stop();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} best {best.TotalMilliseconds,8:F1} ms  ({result})"));
    }
}
