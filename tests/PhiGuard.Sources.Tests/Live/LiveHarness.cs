using PhiGuard.Sources.Live;
using PhiGuard.Testing;

namespace PhiGuard.Sources.Tests.Live;

/// <summary>Starts a fake API server, writes a kubeconfig for it and loads through the real client.</summary>
internal sealed class LiveHarness : IAsyncDisposable
{
    private LiveHarness(FakeApiServer server, TempDirectory temp)
    {
        Server = server;
        Temp = temp;
        Kubeconfig = temp.File("kubeconfig");
    }

    public FakeApiServer Server { get; }

    public TempDirectory Temp { get; }

    public string Kubeconfig { get; }

    public static async Task<LiveHarness> StartAsync(FakeApiServer? server = null)
    {
        server ??= FakeApiServer.WithStandardResources();
        await server.StartAsync();
        var harness = new LiveHarness(server, new TempDirectory());
        server.WriteKubeconfig(harness.Kubeconfig);
        return harness;
    }

    public ClusterLoadOptions Options(Func<ClusterLoadOptions, ClusterLoadOptions>? change = null)
    {
        var options = new ClusterLoadOptions { KubeconfigPath = Kubeconfig, RequestTimeout = TimeSpan.FromSeconds(10) };
        return change is null ? options : change(options);
    }

    public Task<LiveLoadResult> LoadAsync(Func<ClusterLoadOptions, ClusterLoadOptions>? change = null, IProgress<ClusterLoadProgress>? progress = null) =>
        ClusterLoader.LoadAsync(Options(change), progress, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Temp.Dispose();
    }
}
