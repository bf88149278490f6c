using System.Globalization;

namespace PhiGuard.Bench;

/// <summary>Generated inputs shared by the benchmarks, cached on disk per seed and size so runs compare the same bytes.</summary>
internal static class BenchInputs
{
    public const int Seed = 42;

    /// <summary>Objects in the JSON snapshot (100,000 unless PHIGUARD_BENCH_JSON_OBJECTS says otherwise).</summary>
    public static int JsonObjects => FromEnv("PHIGUARD_BENCH_JSON_OBJECTS", 100_000);

    /// <summary>Objects in the YAML tree (10,000 unless PHIGUARD_BENCH_YAML_OBJECTS says otherwise).</summary>
    public static int YamlObjects => FromEnv("PHIGUARD_BENCH_YAML_OBJECTS", 10_000);

    private static string Root => Path.Combine(Path.GetTempPath(), "phiguard-bench");

    public static string JsonFile()
    {
        var path = Path.Combine(Root, $"cluster-{Seed}-{JsonObjects}.json");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Root);
            var tmp = path + ".tmp";
            using (var f = File.Create(tmp))
            {
                new SyntheticCluster(Seed, JsonObjects).WriteJsonList(f);
            }

            File.Move(tmp, path, overwrite: true);
        }

        return path;
    }

    public static string YamlFolder()
    {
        var path = Path.Combine(Root, $"tree-{Seed}-{YamlObjects}");
        if (!Directory.Exists(path))
        {
            var tmp = path + ".tmp";
            if (Directory.Exists(tmp))
            {
                Directory.Delete(tmp, recursive: true);
            }

            new SyntheticCluster(Seed, YamlObjects).WriteYamlTree(tmp);
            Directory.Move(tmp, path);
        }

        return path;
    }

    private static int FromEnv(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}
