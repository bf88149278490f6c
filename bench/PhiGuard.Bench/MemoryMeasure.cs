using System.Diagnostics;
using System.Globalization;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Bench;

/// <summary>
/// Peak memory of one load in a fresh process, against the input size: the process's peak working set above what
/// it used before loading, and the managed heap still held by the loaded inventory.
/// </summary>
internal static class MemoryMeasure
{
    public static int Run(string input)
    {
        var size = Directory.Exists(input)
            ? Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : new FileInfo(input).Length;
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var clock = Stopwatch.StartNew();

        var result = new ManifestLoader().Load([input]);

        clock.Stop();
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var gcPeak = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        var mib = 1024.0 * 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input                {size / mib,10:F1} MiB ({result.Objects.Count} objects, {result.Errors.Count} errors, {clock.Elapsed.TotalSeconds:F2} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set before   {before / mib,10:F1} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set     {peak / mib,10:F1} MiB  -> peak above start = {(peak - before) / (double)size:F2}x input"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GC heap (last GC)    {gcPeak / mib,10:F1} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retained managed     {retained / mib,10:F1} MiB  -> {retained / (double)size:F2}x input"));
        return 0;
    }
}
