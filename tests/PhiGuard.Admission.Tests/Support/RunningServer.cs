using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PhiGuard.Admission.Images;
using PhiGuard.Core.Config;

namespace PhiGuard.Admission.Tests.Support;

/// <summary>The real webhook: Kestrel over HTTPS on a free 127.0.0.1 port with a self-signed certificate made here.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TempDir dir = new();

    private RunningServer(PhiGuardConfig config, IImageSignatureVerifier? verifier)
    {
        CertPath = dir.File("tls.crt");
        KeyPath = dir.File("tls.key");
        Thumbprint = TestCertificate.Write(CertPath, KeyPath, "phiguard-test-1");
        app = AdmissionServer.Build(new AdmissionServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            CertificatePath = CertPath,
            KeyPath = KeyPath,
            Config = config,
            Controls = [.. TestControlSet.Named, new TestNoLatestTag(), new TestClusterAlwaysFails()],
            Verifier = verifier,
        });
    }

    public string CertPath { get; }

    public string KeyPath { get; }

    /// <summary>The thumbprint of the certificate the server should be presenting now.</summary>
    public string Thumbprint { get; set; }

    /// <summary>Thumbprint of the certificate seen in the last handshake.</summary>
    public string? SeenThumbprint { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<RunningServer> StartAsync(PhiGuardConfig? config = null, IImageSignatureVerifier? verifier = null)
    {
        var server = new RunningServer(config ?? PhiGuardConfig.Default, verifier);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>A client that trusts exactly the certificate the test wrote (pinned), on a new connection pool.</summary>
    public HttpClient Client()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    SeenThumbprint = cert is null ? null : new X509Certificate2(cert).Thumbprint;
                    return SeenThumbprint == Thumbprint;
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        dir.Dispose();
    }
}
