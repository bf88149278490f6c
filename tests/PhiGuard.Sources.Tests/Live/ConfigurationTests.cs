using PhiGuard.Sources.Live;
using PhiGuard.Testing;

namespace PhiGuard.Sources.Tests.Live;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Uses_in_cluster_config_when_the_service_host_is_set_and_no_kubeconfig_exists()
    {
        using var home = new TempDirectory();
        var env = Environment(("HOME", home.Path), ("KUBERNETES_SERVICE_HOST", "10.0.0.1"), ("KUBERNETES_SERVICE_PORT", "443"));

        // Not in a pod here: the service-account token is missing, which proves the in-cluster path was taken.
        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            ClusterLoader.LoadAsync(new ClusterLoadOptions(), null, env, CancellationToken.None));

        Assert.Equal(ClusterAccessFailure.Configuration, ex.Failure);
        Assert.StartsWith("cannot use the in-cluster configuration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_service_host_or_kubeconfig_says_where_it_looked()
    {
        using var home = new TempDirectory();
        var env = Environment(("HOME", home.Path));

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            ClusterLoader.LoadAsync(new ClusterLoadOptions(), null, env, CancellationToken.None));

        Assert.Equal(ClusterAccessFailure.Configuration, ex.Failure);
        Assert.Equal($"no kubeconfig found (looked at {Path.Combine(home.Path, ".kube", "config")}); give --kubeconfig or set KUBECONFIG", ex.Message);
    }

    [Fact]
    public async Task Kubeconfig_list_in_the_environment_is_merged_first_file_first()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Namespace("from-fake"));
        var other = h.Temp.File("other");
        File.WriteAllText(other, "apiVersion: v1\nkind: Config\ncurrent-context: elsewhere\ncontexts: []\nclusters: []\nusers: []\n");
        var env = Environment(("HOME", h.Temp.Path), ("KUBECONFIG", $"{h.Kubeconfig}{Path.PathSeparator}{other}{Path.PathSeparator}{h.Temp.File("missing")}"));

        var result = await ClusterLoader.LoadAsync(new ClusterLoadOptions(), null, env, CancellationToken.None);

        Assert.Equal("fake", result.Inventory.Facts.Context);
        Assert.Single(result.Inventory.OfKind("Namespace"));
    }

    [Fact]
    public async Task Explicit_kubeconfig_wins_over_the_service_host()
    {
        await using var h = await LiveHarness.StartAsync();
        var env = Environment(("KUBERNETES_SERVICE_HOST", "10.0.0.1"));

        var result = await ClusterLoader.LoadAsync(h.Options(), null, env, CancellationToken.None);

        Assert.Equal("fake", result.Inventory.Facts.Context);
    }

    [Theory]
    [InlineData("v1.30.4-eks-a737599", "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "eks")]
    [InlineData("v1.30.4-eks-a737599", null, "eks")]
    [InlineData("v1.31.1-gke.1146000", "https://34.1.2.3", "gke")]
    [InlineData("v1.31.2", "https://clinic-dns-1a2b.hcp.westeurope.azmk8s.io:443", "aks")]
    [InlineData("v1.33.2", "https://127.0.0.1:6443", null)]
    [InlineData(null, null, null)]
    public void Recognises_managed_providers_only_from_their_marks(string? version, string? server, string? expected)
    {
        Assert.Equal(expected, ManagedProviderDetector.Detect(version, server));
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }
}
