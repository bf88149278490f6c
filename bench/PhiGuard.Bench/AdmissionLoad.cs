using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PhiGuard.Admission;
using PhiGuard.Controls;

namespace PhiGuard.Bench;

/// <summary>
/// Load generator for the admission webhook: sends AdmissionReviews at a fixed rate (open loop: each request leaves
/// at its scheduled time whether or not earlier ones have answered) and prints server-side (Server-Timing) and
/// client-side percentiles. The server is the real Kestrel HTTPS server, started in this process, or with
/// <c>--url</c> one started elsewhere (<c>phiguard admission serve</c>: its own process, so the generator's
/// allocations and threads do not pause it).
/// Usage: <c>dotnet run -c Release --project bench/PhiGuard.Bench -- admission-load [rates] [seconds] [--url URL --cert FILE]</c>
/// with rates a comma list (<c>250,500,1000</c>).
/// </summary>
internal static class AdmissionLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.SkipWhile(a => a != "--url").Skip(1).FirstOrDefault();
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
        var rates = (positional.Length > 0 ? positional[0] : "1000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var seconds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 20;
        if (url is not null)
        {
            // An external server: its serving certificate (PEM) is pinned by thumbprint.
            var certFile = args.SkipWhile(a => a != "--cert").Skip(1).FirstOrDefault()
                           ?? throw new ArgumentException("--url needs --cert FILE, the server's certificate (PEM)");
            using var pinned = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certFile));
            var expected = pinned.GetCertHashString();
            using var external = Client(new Uri(url), (_, c, _, _) => c?.GetCertHashString() == expected);
            await Run(external, rates, seconds, inProcess: false);
            return 0;
        }

        var dir = Directory.CreateTempSubdirectory("phiguard-load-");
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certPath = Path.Combine(dir.FullName, "tls.crt");
            var keyPath = Path.Combine(dir.FullName, "tls.key");
            await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

            var app = AdmissionServer.Build(new AdmissionServerOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                CertificatePath = certPath,
                KeyPath = keyPath,
                Controls = BuiltInControls.All,
            });
            await using (app)
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
                var thumbprint = cert.GetCertHashString();
                using var client = Client(new Uri(address), (_, c, _, _) => c?.GetCertHashString() == thumbprint);
                await Run(client, rates, seconds, inProcess: true);
                await app.StopAsync();
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        return 0;
    }

    private static HttpClient Client(Uri address, RemoteCertificateValidationCallback validate) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate },
        })
        { BaseAddress = address };

    private static async Task Run(HttpClient client, int[] rates, int seconds, bool inProcess)
    {
        var bodies = Bodies();

        // Warm up: JIT, connections, TLS sessions.
        await Drive(client, bodies, rates.Max(), Math.Max(3, seconds / 4), record: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"admission-load: server {(inProcess ? "in this process" : "external")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        foreach (var rate in rates)
        {
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var (server, fromSchedule, fromSend, errors, achieved) = await Drive(client, bodies, rate, seconds, record: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rate {rate}/s: {server.Count} answered in {seconds} s, sent at {achieved:0} req/s, {errors} errors; " +
                $"this process's GCs gen0/1/2 {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}, " +
                $"paused {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalMilliseconds:0} ms"));
            Console.WriteLine(Line("  server-side (Server-Timing)", server));
            Console.WriteLine(Line("  client, from send", fromSend));
            Console.WriteLine(Line("  client, from schedule", fromSchedule));
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The engine alone, one request after another: the CPU cost of a decision without HTTP or TLS.</summary>
    public static async Task<int> EngineAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20000;
        var engine = new AdmissionEngine(Core.Config.PhiGuardConfig.Default, BuiltInControls.All);
        var route = new AdmissionRoute(Core.Config.AdmissionMode.Enforce, Core.Engine.Severity.Low, Phi: true);
        var bodies = Bodies();
        var ms = new List<double>(count);
        long allocatedAtStart = 0;
        var gcAtStart = 0;
        for (var i = 0; i < count + 2000; i++)
        {
            if (i == 2000)
            {
                allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
                gcAtStart = GC.CollectionCount(0);
            }

            var started = Stopwatch.GetTimestamp();
            var (request, doc) = AdmissionReviewReader.Parse(bodies[i % bodies.Length]);
            using (doc)
            {
                await engine.DecideAsync(request, route);
            }

            if (i >= 2000)
            {
                ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart) / (double)count;
        Console.WriteLine(Line("engine only (parse + decide)", ms));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated {perRequest / 1024:0.0} KiB per request; {GC.CollectionCount(0) - gcAtStart} gen0 GCs in {count} requests"));
        return 0;
    }

    /// <summary>
    /// Where a decision's allocations go: parse, the object, the one-object inventory, the scan (all admission
    /// controls and the roll-ups), and the whole engine, each measured alone over the same bodies.
    /// </summary>
    public static int Phases(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var bodies = Bodies();
        var config = Core.Config.PhiGuardConfig.Default with { PhiNamespaces = ["clinic"] };
        var scanner = new Core.Engine.Scanner(AdmissionEngine.AdmissionControls(BuiltInControls.All));
        var engine = new AdmissionEngine(Core.Config.PhiGuardConfig.Default, BuiltInControls.All);
        var route = new AdmissionRoute(Core.Config.AdmissionMode.Enforce, Core.Engine.Severity.Low, Phi: true);
        var parsed = bodies.Select(b => AdmissionReviewReader.Parse(b)).ToArray();
        var objects = parsed.Select(p => Core.Inventory.KubeObject.TryCreate(p.Request.Object!.Value, null, out _)!).ToArray();
        var inventories = objects.Select(o => new Core.Inventory.Inventory([o])).ToArray();
        Measure("parse (AdmissionReviewReader)", i => AdmissionReviewReader.Parse(bodies[i % bodies.Length]).Document.Dispose());
        Measure("KubeObject.TryCreate", i => Core.Inventory.KubeObject.TryCreate(parsed[i % parsed.Length].Request.Object!.Value, null, out _));
        Measure("new Inventory([object])", i => _ = new Core.Inventory.Inventory([objects[i % objects.Length]]));
        Measure("Scanner.Scan (7 controls)", i => scanner.Scan(inventories[i % inventories.Length], new Core.Engine.ScanOptions { Config = config }));
        Measure("  without safeguard roll-up", i => scanner.Scan(inventories[i % inventories.Length], new Core.Engine.ScanOptions { Config = config, SafeguardRollUp = false }));
        Measure("AdmissionEngine.DecideAsync", i => engine.DecideAsync(parsed[i % parsed.Length].Request, route).GetAwaiter().GetResult());
        return 0;

        void Measure(string what, Action<int> action)
        {
            for (var i = 0; i < 1000; i++)
            {
                action(i);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                action(i);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds / count;
            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-32} {bytes / 1024,8:0.0} KiB  {elapsed,8:0.0} µs mean"));
        }
    }

    private static string Line(string what, List<double> ms)
    {
        ms.Sort();
        double P(double p) => ms.Count == 0 ? double.NaN : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(p * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what,-32} p50 {P(0.50):0.000} ms  p90 {P(0.90):0.000} ms  p99 {P(0.99):0.000} ms  max {(ms.Count == 0 ? double.NaN : ms[^1]):0.000} ms");
    }

    /// <summary>
    /// Sends <paramref name="rate"/> requests a second for <paramref name="seconds"/>. The pacer wakes about once a
    /// millisecond and sends every request whose time has come, so it never spins a core the server needs. Client
    /// time is taken from the send and from the scheduled time (the latter includes any lateness of the generator
    /// itself, so a stalled client cannot hide queueing: no coordinated omission).
    /// </summary>
    private static async Task<(List<double> Server, List<double> FromSchedule, List<double> FromSend, int Errors, double Achieved)> Drive(
        HttpClient client, byte[][] bodies, int rate, int seconds, bool record)
    {
        var total = rate * seconds;
        var server = new List<double>(total);
        var fromSchedule = new List<double>(total);
        var fromSend = new List<double>(total);
        var errors = 0;
        var tasks = new List<Task>(total);
        var gate = new Lock();
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / (double)rate;
        var next = 0;
        while (next < total)
        {
            var now = Stopwatch.GetTimestamp();
            for (; next < total && start + (long)(next * ticksPerRequest) <= now; next++)
            {
                tasks.Add(Send(client, bodies[next % bodies.Length], start + (long)(next * ticksPerRequest)));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(tasks);
        var achieved = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (server, fromSchedule, fromSend, errors, achieved);

        async Task Send(HttpClient c, byte[] body, long due)
        {
            await Task.Yield();
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await c.PostAsync("/validate/enforce/low/phi", content);
                await response.Content.ReadAsByteArrayAsync();
                var end = Stopwatch.GetTimestamp();
                var timing = response.Headers.TryGetValues("Server-Timing", out var v) ? v.First() : null;
                if (!response.IsSuccessStatusCode || timing is null)
                {
                    Interlocked.Increment(ref errors);
                    return;
                }

                var dur = double.Parse(timing[(timing.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
                if (record)
                {
                    lock (gate)
                    {
                        server.Add(dur);
                        fromSend.Add(Stopwatch.GetElapsedTime(sent, end).TotalMilliseconds);
                        fromSchedule.Add(Stopwatch.GetElapsedTime(due, end).TotalMilliseconds);
                    }
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }

    /// <summary>A mix: a violating Deployment (denied), a compliant one (allowed), a Pod and an Ingress.</summary>
    private static byte[][] Bodies()
    {
        static string Review(string obj) =>
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":""" + "\"" + Guid.NewGuid() + "\"" +
            ""","kind":{"group":"apps","version":"v1","kind":"X"},"namespace":"clinic","operation":"CREATE","userInfo":{"username":"ci"},"object":""" +
            obj + "}}";
        const string Deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"clinic","labels":{"app":"api"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"app","image":"registry.example/clinic/api@sha256:0000000000000000000000000000000000000000000000000000000000000000","securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":RO}},{"name":"sidecar","image":"registry.example/proxy:1.2","securityContext":{"readOnlyRootFilesystem":true}}]}}}}""";
        const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"api-7d9f-","namespace":"clinic"},"spec":{"containers":[{"name":"app","image":"registry.example/clinic/api:1.0"}]}}""";
        const string Ingress = """{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"portal","namespace":"clinic"},"spec":{"tls":[{"hosts":["portal.clinic.example"],"secretName":"portal-tls"}],"rules":[{"host":"portal.clinic.example"}]}}""";
        return
        [
            Encoding.UTF8.GetBytes(Review(Deployment.Replace("RO", "false", StringComparison.Ordinal)).Replace("\"kind\":\"X\"", "\"kind\":\"Deployment\"", StringComparison.Ordinal)),
            Encoding.UTF8.GetBytes(Review(Deployment.Replace("RO", "true", StringComparison.Ordinal)).Replace("\"kind\":\"X\"", "\"kind\":\"Deployment\"", StringComparison.Ordinal)),
            Encoding.UTF8.GetBytes(Review(Pod).Replace("\"kind\":\"X\"", "\"kind\":\"Pod\"", StringComparison.Ordinal)),
            Encoding.UTF8.GetBytes(Review(Ingress).Replace("\"kind\":\"X\"", "\"kind\":\"Ingress\"", StringComparison.Ordinal)),
        ];
    }
}
