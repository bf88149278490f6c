using BenchmarkDotNet.Running;
using PhiGuard.Bench;

// `admission-load [rate] [seconds]` drives the real webhook server; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "admission-load")
{
    return await AdmissionLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "admission-engine")
{
    return await AdmissionLoad.EngineAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(AdmissionLoad).Assembly).Run(args);
return 0;
