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
/// Load generator for the admission webhook: starts the real Kestrel HTTPS server on loopback and sends
/// AdmissionReviews at a fixed rate (open loop: each request leaves at its scheduled time whether or not earlier
/// ones have answered), then prints server-side (Server-Timing) and round-trip percentiles.
/// Usage: <c>dotnet run -c Release --project bench/PhiGuard.Bench -- admission-load [rate] [seconds]</c>.
/// </summary>
internal static class AdmissionLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
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
                using var handler = new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = 256,
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                    SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == cert.GetCertHashString() },
                };
                using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
                var bodies = Bodies();

                // Warm up: JIT, connections, TLS sessions.
                await Drive(client, bodies, rate, Math.Max(3, seconds / 4), record: false);
                var (server, roundTrip, errors, achieved) = await Drive(client, bodies, rate, seconds, record: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"admission-load: {server.Count} requests in {seconds} s at {achieved:0} req/s (target {rate}), {errors} errors, {Environment.ProcessorCount} cores"));
                Console.WriteLine(Line("server-side (Server-Timing)", server));
                Console.WriteLine(Line("round trip (client, HTTPS)", roundTrip));
                await app.StopAsync();
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        return 0;
    }

    /// <summary>The engine alone, one request after another: the CPU cost of a decision without HTTP or TLS.</summary>
    public static async Task<int> EngineAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20000;
        var engine = new AdmissionEngine(Core.Config.PhiGuardConfig.Default, BuiltInControls.All);
        var route = new AdmissionRoute(Core.Config.AdmissionMode.Enforce, Core.Engine.Severity.Low, Phi: true);
        var bodies = Bodies();
        var ms = new List<double>(count);
        for (var i = 0; i < count + 2000; i++)
        {
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

        Console.WriteLine(Line("engine only (parse + decide)", ms));
        return 0;
    }

    private static string Line(string what, List<double> ms)
    {
        ms.Sort();
        double P(double p) => ms.Count == 0 ? double.NaN : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(p * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what,-30} p50 {P(0.50):0.000} ms  p90 {P(0.90):0.000} ms  p99 {P(0.99):0.000} ms  max {ms[^1]:0.000} ms");
    }

    private static async Task<(List<double> Server, List<double> RoundTrip, int Errors, double Achieved)> Drive(
        HttpClient client, byte[][] bodies, int rate, int seconds, bool record)
    {
        var total = rate * seconds;
        var server = new List<double>(total);
        var roundTrip = new List<double>(total);
        var errors = 0;
        var tasks = new List<Task>(total);
        var gate = new Lock();
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / (double)rate;
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * ticksPerRequest);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            var body = bodies[i % bodies.Length];
            tasks.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync("/validate/enforce/low/phi", content);
                    await response.Content.ReadAsByteArrayAsync();
                    var rt = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
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
                            roundTrip.Add(rt);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }

        await Task.WhenAll(tasks);
        var achieved = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (server, roundTrip, errors, achieved);
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
