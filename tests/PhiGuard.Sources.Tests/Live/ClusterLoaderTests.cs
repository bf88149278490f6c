using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Live;
using PhiGuard.Testing;

namespace PhiGuard.Sources.Tests.Live;

public sealed class ClusterLoaderTests
{
    [Fact]
    public async Task Loads_every_listable_resource_including_custom_resources()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Namespace("ehr-prod"))
            .Add(FakeObjects.Pod("ehr-prod", "web-0"))
            .Add(FakeObjects.Deployment("ehr-prod", "web"))
            .Add(FakeObjects.Node("node-1"))
            .Add(FakeObjects.VeleroSchedule("velero", "nightly"));

        var result = await h.LoadAsync();
        var inventory = result.Inventory;

        Assert.Equal(InventoryOrigin.Cluster, inventory.Origin);
        Assert.Equal(
            ["Deployment/ehr-prod/web", "Namespace/ehr-prod", "Node/node-1", "Pod/ehr-prod/web-0", "Schedule/velero/nightly"],
            inventory.Objects.Select(o => o.ToString()).Order(StringComparer.Ordinal));
        var schedule = Assert.Single(inventory.OfKind("velero.io", "Schedule"));
        Assert.Equal("velero.io/v1", schedule.ApiVersion);
        Assert.Equal("0 2 * * *", schedule.Get("spec.schedule")?.GetString());
        var deployment = Assert.Single(inventory.OfKind("apps", "Deployment"));
        Assert.Equal("apps/v1", deployment.Json.GetProperty("apiVersion").GetString());
        Assert.Equal("Deployment", deployment.Json.GetProperty("kind").GetString());
        Assert.Empty(inventory.Errors);
        Assert.Empty(inventory.Gaps);

        Assert.Equal("v1.33.2", inventory.Facts.ServerVersion);
        Assert.Equal("fake", inventory.Facts.Context);
        Assert.Null(inventory.Facts.ManagedProvider);

        var listed = result.Resources.Select(r => r.QualifiedName).ToHashSet();
        Assert.Contains("schedules.velero.io", listed);
        Assert.Contains("clusterroles.rbac.authorization.k8s.io", listed);
        Assert.Equal(1, result.Resources.Single(r => r.QualifiedName == "pods").Count);
    }

    [Fact]
    public async Task Skips_subresources_unlistable_types_aliases_and_non_preferred_versions()
    {
        await using var h = await LiveHarness.StartAsync();

        var result = await h.LoadAsync();

        var listed = result.Resources.Select(r => r.QualifiedName).ToHashSet();
        Assert.DoesNotContain("pods/log", listed);
        Assert.DoesNotContain("deployments/scale.apps", listed);
        Assert.DoesNotContain("bindings", listed);
        Assert.DoesNotContain("selfsubjectaccessreviews.authorization.k8s.io", listed);
        Assert.DoesNotContain("events.events.k8s.io", listed);
        Assert.DoesNotContain("datauploads.velero.io", listed);
        var paths = h.Server.Requests.Select(r => r.Path).ToArray();
        Assert.DoesNotContain("/apis/velero.io/v2alpha1", paths);
        Assert.DoesNotContain(paths, p => p.Contains("/log", StringComparison.Ordinal) || p.EndsWith("/bindings", StringComparison.Ordinal));
        Assert.Contains("/version", paths);
        Assert.Contains("/api/v1", paths);
        Assert.Contains("/apis", paths);
        Assert.Contains("/apis/velero.io/v1", paths);
    }

    [Fact]
    public async Task Pages_through_a_list_with_limit_and_continue()
    {
        await using var h = await LiveHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            h.Server.Add(FakeObjects.Pod("ehr-prod", $"web-{i}"));
        }

        var result = await h.LoadAsync(o => o with { PageSize = 2 });

        var podRequests = h.Server.Requests.Where(r => r.Path == "/api/v1/pods").ToArray();
        Assert.Equal(3, podRequests.Length);
        Assert.All(podRequests, r => Assert.Equal("2", r.QueryValue("limit")));
        Assert.Null(podRequests[0].QueryValue("continue"));
        Assert.NotNull(podRequests[1].QueryValue("continue"));
        Assert.NotNull(podRequests[2].QueryValue("continue"));
        Assert.NotEqual(podRequests[1].QueryValue("continue"), podRequests[2].QueryValue("continue"));
        Assert.Equal(
            ["web-0", "web-1", "web-2", "web-3", "web-4"],
            result.Inventory.OfKind("Pod").Select(p => p.Name));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(3, 3)]
    [InlineData(4, 9)]
    [InlineData(500, 7)]
    public async Task Paging_reads_every_object_exactly_once(int pageSize, int count)
    {
        await using var h = await LiveHarness.StartAsync();
        for (var i = 0; i < count; i++)
        {
            h.Server.Add(FakeObjects.Node($"node-{i:D2}"));
        }

        var result = await h.LoadAsync(o => o with { PageSize = pageSize });

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"node-{i:D2}"), result.Inventory.OfKind("Node").Select(n => n.Name));
        var expectedRequests = Math.Max(1, (count + pageSize - 1) / pageSize);
        Assert.Equal(expectedRequests, h.Server.Requests.Count(r => r.Path == "/api/v1/nodes"));
    }

    [Fact]
    public async Task Follows_pages_smaller_than_asked_for()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.MaxPageSize = 1;
        h.Server.Add(FakeObjects.Node("a"), FakeObjects.Node("b"), FakeObjects.Node("c"));

        var result = await h.LoadAsync();

        Assert.Equal(["a", "b", "c"], result.Inventory.OfKind("Node").Select(n => n.Name));
    }

    [Fact]
    public async Task Expired_continue_token_reads_the_list_again_without_duplicates()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources().ExpireContinueTokens(1));
        for (var i = 0; i < 5; i++)
        {
            h.Server.Add(FakeObjects.Node($"node-{i}"));
        }

        var result = await h.LoadAsync(o => o with { PageSize = 2, MaxConcurrency = 1 });

        Assert.Equal(["node-0", "node-1", "node-2", "node-3", "node-4"], result.Inventory.OfKind("Node").Select(n => n.Name));
        Assert.Contains(h.Server.Requests, r => r.Status == 410);
        Assert.Contains(result.Warnings, w => w.StartsWith("nodes:", StringComparison.Ordinal) && w.Contains("again", StringComparison.Ordinal));
        Assert.Empty(result.Inventory.Gaps);
    }

    [Fact]
    public async Task Forbidden_resource_becomes_a_gap_and_the_rest_still_loads()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources().Forbid("rbac.authorization.k8s.io", "clusterroles"));
        h.Server.Add(FakeObjects.Pod("ehr-prod", "web-0"), FakeObjects.Namespace("ehr-prod"));

        var result = await h.LoadAsync();

        var gap = Assert.Single(result.Inventory.Gaps);
        Assert.Equal(("rbac.authorization.k8s.io", "clusterroles", "ClusterRole"), (gap.Group, gap.Resource, gap.Kind));
        Assert.StartsWith("forbidden: ", gap.Reason, StringComparison.Ordinal);
        Assert.Contains("cannot list resource \"clusterroles\"", gap.Reason, StringComparison.Ordinal);
        Assert.Same(gap, result.Inventory.GapFor("rbac.authorization.k8s.io", "ClusterRole"));
        Assert.Single(result.Inventory.OfKind("Pod"));
        Assert.Single(result.Inventory.OfKind("Namespace"));
        Assert.DoesNotContain(result.Resources, r => r.Resource == "clusterroles");
        Assert.Contains(result.Resources, r => r.Resource == "clusterrolebindings");
    }

    [Fact]
    public async Task Unavailable_api_group_becomes_a_gap_and_the_rest_still_loads()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources().FailDiscovery("velero.io/v1", 503));
        h.Server.Add(FakeObjects.Pod("ehr-prod", "web-0"));

        var result = await h.LoadAsync();

        var gap = Assert.Single(result.Inventory.Gaps);
        Assert.Equal("velero.io", gap.Group);
        Assert.Contains("503", gap.Reason, StringComparison.Ordinal);
        Assert.Contains("unable to handle the request", gap.Reason, StringComparison.Ordinal);
        Assert.Single(result.Inventory.OfKind("Pod"));
    }

    [Fact]
    public async Task Unauthorized_everywhere_is_a_clear_access_error()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.UnauthorizedEverywhere = true;

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync());

        Assert.Equal(ClusterAccessFailure.Authentication, ex.Failure);
        Assert.StartsWith("authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains(h.Server.Url.ToString().TrimEnd('/'), ex.Message, StringComparison.Ordinal);
        Assert.Contains("context \"fake\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeApiServer.DefaultToken, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at PhiGuard.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_token_is_an_authentication_error_and_the_token_is_not_shown()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.WriteKubeconfig(h.Kubeconfig, token: "not-the-right-token");

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync());

        Assert.Equal(ClusterAccessFailure.Authentication, ex.Failure);
        Assert.DoesNotContain("not-the-right-token", ex.Message, StringComparison.Ordinal);
        Assert.All(h.Server.Requests, r => Assert.False(r.Authenticated));
    }

    [Fact]
    public async Task Unreachable_server_fails_fast_with_the_server_and_the_cause()
    {
        using var temp = new TempDirectory();
        var port = FreePort();
        var server = new FakeApiServer();
        await using (server)
        {
            // Never started: the kubeconfig points at a port nobody listens on.
            WriteKubeconfig(temp.File("kubeconfig"), $"http://127.0.0.1:{port}");
        }

        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterLoader.LoadAsync(
            new ClusterLoadOptions { KubeconfigPath = temp.File("kubeconfig"), RequestTimeout = TimeSpan.FromSeconds(2) },
            null,
            CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(ClusterAccessFailure.Unreachable, ex.Failure);
        Assert.Contains($"http://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_server_times_out_with_a_clear_message()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.ResponseDelay = TimeSpan.FromSeconds(10);

        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(ClusterAccessFailure.Timeout, ex.Failure);
        Assert.Contains("did not answer GET /version within 0.3 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.ResponseDelay = TimeSpan.FromSeconds(10);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClusterLoader.LoadAsync(h.Options(), null, cts.Token));
    }

    [Fact]
    public async Task Namespace_filter_lists_namespaced_resources_only_there_and_cluster_resources_normally()
    {
        await using var h = await LiveHarness.StartAsync();
        foreach (var ns in new[] { "a", "b", "c" })
        {
            h.Server.Add(FakeObjects.Namespace(ns), FakeObjects.Pod(ns, "p"), FakeObjects.Deployment(ns, "d"));
        }

        h.Server.Add(FakeObjects.Node("node-1"));

        var result = await h.LoadAsync(o => o with { Namespaces = ["a", "b", "a"] });

        Assert.Equal(["a", "b"], result.Inventory.OfKind("Pod").Select(p => p.Namespace));
        Assert.Equal(["a", "b"], result.Inventory.OfKind("Deployment").Select(p => p.Namespace));
        Assert.Equal(["a", "b", "c"], result.Inventory.OfKind("Namespace").Select(n => n.Name));
        Assert.Single(result.Inventory.OfKind("Node"));
        var paths = h.Server.Requests.Select(r => r.Path).ToArray();
        Assert.Equal(1, paths.Count(p => p == "/api/v1/namespaces/a/pods"));
        Assert.Equal(1, paths.Count(p => p == "/api/v1/namespaces/b/pods"));
        Assert.DoesNotContain("/api/v1/pods", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/v1/namespaces/c/", StringComparison.Ordinal));
        Assert.Contains("/api/v1/nodes", paths);
        Assert.Contains("/api/v1/namespaces", paths);
    }

    [Fact]
    public async Task Forbidden_in_one_namespace_keeps_the_other_and_records_the_gap()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources().Forbid("", "configmaps", inNamespace: "b"));
        h.Server.Add(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"a"}}""",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"y","namespace":"b"}}""");

        var result = await h.LoadAsync(o => o with { Namespaces = ["a", "b"] });

        Assert.Equal(["a"], result.Inventory.OfKind("ConfigMap").Select(c => c.Namespace));
        var gap = Assert.Single(result.Inventory.Gaps);
        Assert.Equal("configmaps", gap.Resource);
        Assert.EndsWith("(namespace b)", gap.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_namespace_name_is_refused_before_any_request()
    {
        await using var h = await LiveHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync(o => o with { Namespaces = ["../secrets"] }));

        Assert.Equal(ClusterAccessFailure.Configuration, ex.Failure);
        Assert.Contains("\"../secrets\" is not a valid namespace name", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task Sends_only_get_requests()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources().Forbid("", "nodes"));
        h.Server.Add(FakeObjects.Pod("a", "p"), FakeObjects.Secret("a", "s", "v"), FakeObjects.VeleroSchedule("a", "s"));

        await h.LoadAsync(o => o with { PageSize = 1 });

        Assert.True(h.Server.Requests.Count > 30, $"only {h.Server.Requests.Count} requests");
        Assert.All(h.Server.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task The_pipeline_refuses_anything_but_get()
    {
        using var client = new HttpClient(new GetOnlyHandler { InnerHandler = new SocketsHttpHandler() });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.DeleteAsync(new Uri("http://127.0.0.1:9/api/v1/namespaces/ehr-prod")));

        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_progress_with_resource_names_and_counts()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Pod("a", "p1"), FakeObjects.Pod("a", "p2"));
        var progress = new RecordingProgress();

        var result = await h.LoadAsync(progress: progress);

        var reports = progress.Reports;
        Assert.Equal(ClusterLoadStage.Connecting, reports[0].Stage);
        Assert.Contains(reports, r => r.Stage == ClusterLoadStage.Discovering);
        Assert.Equal(ClusterLoadStage.Done, reports[^1].Stage);
        var listing = reports.Where(r => r.Stage == ClusterLoadStage.Listing).ToArray();
        Assert.Equal(result.Resources.Count, listing.Length);
        Assert.All(listing, r => Assert.Equal(result.Resources.Count, r.ResourcesTotal));
        Assert.Equal(Enumerable.Range(1, listing.Length), listing.Select(r => r.ResourcesDone).Order());
        Assert.Equal(2, listing.Single(r => r.Resource == "pods").ObjectsInResource);
        Assert.Equal(2, reports[^1].ObjectsLoaded);
    }

    [Fact]
    public async Task Object_without_a_name_is_a_load_error_not_a_crash()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"namespace":"a"}}""", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok","namespace":"a"}}""");

        var result = await h.LoadAsync();

        var error = Assert.Single(result.Inventory.Errors);
        Assert.Contains("configmaps", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.name", error.Message, StringComparison.Ordinal);
        Assert.Equal("ok", Assert.Single(result.Inventory.OfKind("ConfigMap")).Name);
    }

    [Fact]
    public async Task Drops_managed_fields_from_every_object()
    {
        await using var h = await LiveHarness.StartAsync();
        h.Server.Add(FakeObjects.Pod("a", "p"), FakeObjects.Namespace("a"), FakeObjects.VeleroSchedule("a", "s"));

        var result = await h.LoadAsync();

        Assert.Equal(3, result.Items.Count);
        Assert.All(result.Items, o => Assert.False(o.Json.GetProperty("metadata").TryGetProperty("managedFields", out _)));
        Assert.All(result.Items, o => Assert.Equal("100", o.Json.GetProperty("metadata").GetProperty("resourceVersion").GetString()));
    }

    [Fact]
    public async Task Https_with_the_kubeconfig_certificate_authority_works()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources(https: true));
        h.Server.Add(FakeObjects.Namespace("ehr-prod"));

        var result = await h.LoadAsync();

        Assert.StartsWith("https://127.0.0.1:", h.Server.Url.ToString(), StringComparison.Ordinal);
        Assert.Equal("ehr-prod", Assert.Single(result.Inventory.OfKind("Namespace")).Name);
    }

    [Fact]
    public async Task Https_with_an_untrusted_certificate_is_a_tls_error()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources(https: true));
        using var other = SelfSignedCertificate.Create("some-other-ca");
        h.Server.WriteKubeconfig(h.Kubeconfig, certificateAuthorityPem: SelfSignedCertificate.ToPem(other));

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync());

        Assert.Equal(ClusterAccessFailure.Tls, ex.Failure);
        Assert.StartsWith("TLS connection to the Kubernetes API server at https://127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not trusted", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task Missing_kubeconfig_is_a_configuration_error()
    {
        using var temp = new TempDirectory();

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterLoader.LoadAsync(
            new ClusterLoadOptions { KubeconfigPath = temp.File("nope") }, null, CancellationToken.None));

        Assert.Equal(ClusterAccessFailure.Configuration, ex.Failure);
        Assert.Equal($"kubeconfig {temp.File("nope")} not found", ex.Message);
    }

    [Fact]
    public async Task Unknown_context_is_a_configuration_error_naming_it()
    {
        await using var h = await LiveHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync(o => o with { Context = "prod-eu" }));

        Assert.Equal(ClusterAccessFailure.Configuration, ex.Failure);
        Assert.Contains("context \"prod-eu\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains(h.Kubeconfig, ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task Malformed_kubeconfig_names_the_file_and_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("kubeconfig"), "apiVersion: v1\nclusters:\n- name: x\n  cluster: [unclosed\n");

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterLoader.LoadAsync(
            new ClusterLoadOptions { KubeconfigPath = temp.File("kubeconfig") }, null, CancellationToken.None));

        Assert.Equal(ClusterAccessFailure.Configuration, ex.Failure);
        Assert.StartsWith($"kubeconfig {temp.File("kubeconfig")}: invalid YAML at line ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_discovery_answer_is_a_clear_protocol_error()
    {
        await using var h = await LiveHarness.StartAsync(
            FakeApiServer.WithStandardResources().Respond("/api/v1", 200, "<html><body>Sign in to the proxy</body></html>", "text/html"));

        var ex = await Assert.ThrowsAsync<ClusterAccessException>(() => h.LoadAsync());

        Assert.Equal(ClusterAccessFailure.Protocol, ex.Failure);
        Assert.StartsWith($"cannot read the API discovery of the Kubernetes API server at {h.Server.Url.ToString().TrimEnd('/')}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GET /api/v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_on_one_list_become_gaps_with_the_status()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources()
            .Respond("/api/v1/configmaps", 500, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcdserver: request timed out","code":500}""")
            .Respond("/api/v1/services", 200, """{"kind":"Status"}""")
            .Respond("/api/v1/serviceaccounts", 200, "{not json"));
        h.Server.Add(FakeObjects.Pod("a", "p"));

        var result = await h.LoadAsync();

        var gaps = result.Inventory.Gaps.ToDictionary(g => g.Resource, g => g.Reason);
        Assert.Equal("server error 500 InternalServerError: etcdserver: request timed out", gaps["configmaps"]);
        Assert.Equal("the answer is not a list (no items)", gaps["services"]);
        Assert.StartsWith("the answer is not valid JSON", gaps["serviceaccounts"], StringComparison.Ordinal);
        Assert.Single(result.Inventory.OfKind("Pod"));
    }

    [Fact]
    public async Task Not_found_list_is_a_gap()
    {
        await using var h = await LiveHarness.StartAsync(FakeApiServer.WithStandardResources()
            .Respond("/apis/velero.io/v1/schedules", 404, """{"kind":"Status","message":"the server could not find the requested resource","code":404}"""));

        var result = await h.LoadAsync();

        var gap = Assert.Single(result.Inventory.Gaps);
        Assert.Equal(("velero.io", "schedules", "Schedule", "not found"), (gap.Group, gap.Resource, gap.Kind, gap.Reason));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void WriteKubeconfig(string path, string server) => File.WriteAllText(path, $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {server}
        contexts:
        - name: unreachable
          context:
            cluster: c
            user: u
        current-context: unreachable
        users:
        - name: u
          user:
            token: t
        """);
}
