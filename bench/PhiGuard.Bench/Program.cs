using System.Globalization;
using BenchmarkDotNet.Running;
using PhiGuard.Bench;

// `admission-load [rate] [seconds]` drives the real webhook server; `admission-engine [n]` times the engine alone.
if (args.Length > 0 && args[0] == "admission-load")
{
    return await AdmissionLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "admission-phases")
{
    return AdmissionLoad.Phases(args[1..]);
}

if (args.Length > 0 && args[0] == "admission-engine")
{
    return await AdmissionLoad.EngineAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "audit-append")
{
    return await AuditTrailLoad.AppendAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "audit-verify")
{
    return await AuditTrailLoad.VerifyAsync(args[1..]);
}

// Non-benchmark modes first, so `generate` and `measure-memory` never start BenchmarkDotNet.
if (args.Length > 0 && args[0] == "generate")
{
    return Generate(args[1..]);
}

if (args.Length > 0 && args[0] == "measure-memory")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine("usage: measure-memory FILE|FOLDER   (use `inputs` to print the generated benchmark inputs)");
        return 2;
    }

    return MemoryMeasure.Run(args[1]);
}

if (args.Length > 1 && args[0] == "phases-json")
{
    return PhaseTimer.RunJson(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7);
}

if (args.Length > 1 && args[0] == "controls-json")
{
    return ControlTimer.Run(args[1]);
}

if (args.Length > 1 && args[0] == "phases")
{
    return PhaseTimer.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7);
}

if (args.Length > 1 && args[0] == "load")
{
    // Repeated loads of one input, for profiling with dotnet-trace.
    var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    for (var i = 0; i < rounds; i++)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loaded = new PhiGuard.Sources.Manifests.ManifestLoader().Load([args[1]]);
        Console.WriteLine($"{loaded.Objects.Count} objects, {loaded.Errors.Count} errors in {clock.ElapsedMilliseconds} ms");
    }

    return 0;
}

if (args.Length > 0 && args[0] == "inputs")
{
    Console.WriteLine(BenchInputs.JsonFile());
    Console.WriteLine(BenchInputs.YamlFolder());
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

static int Generate(string[] args)
{
    int seed = 42, objects = 1000;
    string format = "json";
    string? output = null;
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : null;
        switch (args[i])
        {
            case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s): seed = s; i++; break;
            case "--objects" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0: objects = n; i++; break;
            case "--format" when value is "json" or "yaml": format = value; i++; break;
            case "-o" or "--output" when value is not null: output = value; i++; break;
            default:
                Console.Error.WriteLine($"generate: unexpected '{args[i]}'. usage: generate --seed N --objects N --format json|yaml -o FILE|FOLDER");
                return 2;
        }
    }

    if (output is null)
    {
        Console.Error.WriteLine("generate: -o FILE (json) or -o FOLDER (yaml) is required");
        return 2;
    }

    var cluster = new SyntheticCluster(seed, objects);
    if (format == "json")
    {
        using var f = File.Create(output);
        cluster.WriteJsonList(f);
    }
    else
    {
        cluster.WriteYamlTree(output);
    }

    Console.Error.WriteLine($"wrote {objects} objects (seed {seed}) as {format} to {output}");
    return 0;
}

/// <summary>Entry point type, named so BenchmarkSwitcher can find the benchmarks in this assembly.</summary>
public partial class Program;
