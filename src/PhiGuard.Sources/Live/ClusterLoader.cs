using System.Buffers;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Live;

/// <summary>
/// Reads every listable resource of a live cluster into an inventory, read-only (GET requests only), with Secrets
/// listed as metadata only; a resource type that cannot be read becomes a <see cref="ResourceGap"/>, and a cluster
/// that cannot be read at all a <see cref="ClusterAccessException"/>.
/// </summary>
public sealed partial class ClusterLoader
{
    /// <summary>Asks for metadata only and nothing else: a server that cannot do it answers 406, never with data.</summary>
    internal const string MetadataOnlyAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    private const string JsonAccept = "application/json";

    /// <summary>Upper bound of objects read for one resource type, so a misbehaving server cannot exhaust memory.</summary>
    private const int MaxObjectsPerResource = 2_000_000;

    /// <summary>The same objects served again under another group; reading them twice would count them twice.</summary>
    private static readonly HashSet<(string Group, string Resource)> Aliases =
    [
        ("events.k8s.io", "events"),
    ];

    private static readonly JsonReaderOptions ItemReaderOptions = new() { MaxDepth = 260 };

    private readonly ApiClient api;
    private readonly ClusterLoadOptions options;
    private readonly IProgress<ClusterLoadProgress>? progress;
    private readonly List<string> warnings = [];
    private int resourcesDone;
    private int resourcesTotal;
    private long objectsLoaded;

    private ClusterLoader(ApiClient api, ClusterLoadOptions options, IProgress<ClusterLoadProgress>? progress)
    {
        this.api = api;
        this.options = options;
        this.progress = progress;
    }

    /// <summary>
    /// Connects with the kubeconfig (or in-cluster config) of <paramref name="options"/>, discovers every listable
    /// resource (CRDs included) and lists each with paging.
    /// </summary>
    /// <exception cref="ClusterAccessException">The cluster cannot be read: configuration, network, TLS, 401, timeout.</exception>
    public static Task<LiveLoadResult> LoadAsync(
        ClusterLoadOptions options,
        IProgress<ClusterLoadProgress>? progress,
        CancellationToken cancellationToken) =>
        LoadAsync(options, progress, Environment.GetEnvironmentVariable, cancellationToken);

    internal static async Task<LiveLoadResult> LoadAsync(
        ClusterLoadOptions options,
        IProgress<ClusterLoadProgress>? progress,
        Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = Validate(options);
        var resolved = ClusterConfiguration.Resolve(options, environment);
        using var api = new ApiClient(resolved.Configuration, options.RequestTimeout, resolved.Description);
        var loader = new ClusterLoader(api, options, progress);
        return await loader.RunAsync(resolved.ContextName, cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceName();

    private static ClusterLoadOptions Validate(ClusterLoadOptions options)
    {
        if (options.PageSize < 1)
        {
            throw new ClusterAccessException(ClusterAccessFailure.Configuration, $"page size must be at least 1 (was {options.PageSize})");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ClusterAccessException(ClusterAccessFailure.Configuration, $"request timeout must be positive (was {options.RequestTimeout})");
        }

        if (options.MaxConcurrency < 1)
        {
            throw new ClusterAccessException(ClusterAccessFailure.Configuration, $"concurrency must be at least 1 (was {options.MaxConcurrency})");
        }

        var namespaces = options.Namespaces ?? [];
        foreach (var ns in namespaces)
        {
            if (ns is null || ns.Length > 63 || !NamespaceName().IsMatch(ns))
            {
                throw new ClusterAccessException(
                    ClusterAccessFailure.Configuration,
                    $"\"{ns}\" is not a valid namespace name (lower-case letters, digits and '-', at most 63 characters)");
            }
        }

        return options with { Namespaces = namespaces.Distinct(StringComparer.Ordinal).ToArray() };
    }

    private async Task<LiveLoadResult> RunAsync(string contextName, CancellationToken cancellationToken)
    {
        Report(ClusterLoadStage.Connecting, null, 0);
        var serverVersion = await ReadVersionAsync(cancellationToken).ConfigureAwait(false);

        Report(ClusterLoadStage.Discovering, null, 0);
        var (resources, discoveryGaps) = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        resourcesTotal = resources.Count;

        var outcomes = new ResourceOutcome[resources.Count];
        await RunAllAsync(
            resources.Count,
            async (i, token) => outcomes[i] = await ListResourceAsync(resources[i], token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        var objects = new List<KubeObject>();
        var errors = new List<LoadError>();
        var gaps = new List<ResourceGap>(discoveryGaps);
        var loaded = new List<LoadedResource>();
        foreach (var outcome in outcomes)
        {
            var r = outcome.Resource;
            objects.AddRange(outcome.Objects);
            errors.AddRange(outcome.Errors);
            if (outcome.GapReasons.Count > 0)
            {
                gaps.Add(new ResourceGap(r.Group, r.Name, r.Kind, string.Join("; ", outcome.GapReasons)));
            }

            if (outcome.GapReasons.Count == 0 || outcome.Objects.Count > 0)
            {
                // A type that could not be read at all is a gap, not a type listed with zero objects.
                loaded.Add(new LoadedResource(r.Group, r.Version, r.Name, r.Kind, r.Namespaced, outcome.Objects.Count));
            }
            if (outcome.SecretValuesDropped)
            {
                warnings.Add($"{r.QualifiedName}: the API server at {api.Server} ignored the metadata-only request and sent Secret values; " +
                             "they were dropped on arrival and never kept");
            }

            if (outcome.Restarted)
            {
                warnings.Add($"{r.QualifiedName}: the list changed while it was read (continue token expired); it was read again from the start");
            }
        }

        // Live scans and their snapshots list objects in the same order, so both give byte-identical reports.
        objects.Sort(SnapshotOrder.Compare);
        gaps.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Group, b.Group);
            return c != 0 ? c : string.CompareOrdinal(a.Resource, b.Resource);
        });
        var facts = new ClusterFacts
        {
            ServerVersion = serverVersion,
            Context = contextName,
            ManagedProvider = ManagedProviderDetector.Detect(serverVersion, api.Server),
        };
        var inventory = new Inventory(objects, errors, gaps, InventoryOrigin.Cluster, facts);
        Report(ClusterLoadStage.Done, null, 0);
        return new LiveLoadResult(inventory, loaded, warnings.ToArray());
    }

    private async Task<string?> ReadVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var doc = await api.GetJsonAsync("/version", JsonAccept, cancellationToken).ConfigureAwait(false);
            return KubernetesJson.Deserialize<VersionInfo>(doc)?.GitVersion;
        }
        catch (ApiStatusException ex)
        {
            // Some proxies hide /version; the scan can go on without it.
            warnings.Add($"server version unknown: {ex.Message}");
            return null;
        }
        catch (JsonException ex)
        {
            warnings.Add($"server version unknown: GET /version: {ApiClient.OneLine(ex.Message)}");
            return null;
        }
    }

    private async Task<(List<ApiResource> Resources, List<ResourceGap> Gaps)> DiscoverAsync(CancellationToken cancellationToken)
    {
        var core = await ReadDiscoveryAsync<V1APIResourceList>("/api/v1", cancellationToken).ConfigureAwait(false);
        var groups = await ReadDiscoveryAsync<V1APIGroupList>("/apis", cancellationToken).ConfigureAwait(false);

        var groupVersions = (groups.Groups ?? [])
            .Select(g => g.PreferredVersion?.GroupVersion ?? g.Versions?.FirstOrDefault()?.GroupVersion)
            .Where(gv => !string.IsNullOrEmpty(gv))
            .Select(gv => gv!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var lists = new V1APIResourceList?[groupVersions.Length];
        var gaps = new ResourceGap?[groupVersions.Length];
        await RunAllAsync(
            groupVersions.Length,
            async (i, token) =>
            {
                try
                {
                    lists[i] = await ReadDiscoveryAsync<V1APIResourceList>($"/apis/{groupVersions[i]}", token, fatal: false).ConfigureAwait(false);
                }
                catch (ApiStatusException ex)
                {
                    // An aggregated API whose backend is down (metrics-server, …) answers 503; the rest is still readable.
                    var group = groupVersions[i].Split('/')[0];
                    gaps[i] = new ResourceGap(group, "*", "*", $"discovery of {groupVersions[i]} failed: {Describe(ex)}");
                }
            },
            cancellationToken).ConfigureAwait(false);

        var resources = new List<ApiResource>();
        AddListable(resources, core, string.Empty, "v1");
        for (var i = 0; i < groupVersions.Length; i++)
        {
            if (lists[i] is { } list)
            {
                var slash = groupVersions[i].IndexOf('/', StringComparison.Ordinal);
                AddListable(resources, list, slash < 0 ? string.Empty : groupVersions[i][..slash], slash < 0 ? groupVersions[i] : groupVersions[i][(slash + 1)..]);
            }
        }

        return (resources, gaps.Where(g => g is not null).Select(g => g!).ToList());
    }

    private static void AddListable(List<ApiResource> resources, V1APIResourceList list, string group, string version)
    {
        foreach (var r in list.Resources ?? [])
        {
            // Subresources (pods/log, deployments/scale) are not objects of their own.
            if (string.IsNullOrEmpty(r.Name) || r.Name.Contains('/', StringComparison.Ordinal) || string.IsNullOrEmpty(r.Kind) ||
                r.Verbs is null || !r.Verbs.Contains("list", StringComparer.Ordinal))
            {
                continue;
            }

            var g = string.IsNullOrEmpty(r.Group) ? group : r.Group;
            var v = string.IsNullOrEmpty(r.Version) ? version : r.Version;
            if (Aliases.Contains((g, r.Name)) || resources.Any(x => x.Group == g && x.Name == r.Name))
            {
                continue;
            }

            resources.Add(new ApiResource(g, v, r.Name, r.Kind, r.Namespaced));
        }
    }

    private async Task<T> ReadDiscoveryAsync<T>(string path, CancellationToken cancellationToken, bool fatal = true)
        where T : class
    {
        try
        {
            using var doc = await api.GetJsonAsync(path, JsonAccept, cancellationToken).ConfigureAwait(false);
            try
            {
                return KubernetesJson.Deserialize<T>(doc) ??
                       throw new ApiStatusException(HttpStatusCode.OK, path, "empty discovery document");
            }
            catch (JsonException ex)
            {
                throw new ApiStatusException(HttpStatusCode.OK, path, $"not a discovery document ({ApiClient.OneLine(ex.Message)})");
            }
        }
        catch (ApiStatusException ex) when (fatal)
        {
            throw new ClusterAccessException(
                ClusterAccessFailure.Protocol,
                $"cannot read the API discovery of the Kubernetes API server at {api.Server}: {ex.Message} ({api.ContextDescription})",
                ex);
        }
    }

    private async Task<ResourceOutcome> ListResourceAsync(ApiResource resource, CancellationToken cancellationToken)
    {
        var outcome = new ResourceOutcome(resource);
        var scopes = resource.Namespaced && options.Namespaces.Count > 0
            ? options.Namespaces.Select(ns => (Namespace: (string?)ns, Path: $"{resource.BasePath}/namespaces/{ns}/{resource.Name}")).ToArray()
            : [(Namespace: (string?)null, Path: $"{resource.BasePath}/{resource.Name}")];
        foreach (var (ns, path) in scopes)
        {
            try
            {
                await ListPagesAsync(resource, path, outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiStatusException ex)
            {
                var reason = GapReason(resource, ex);
                outcome.GapReasons.Add(ns is null ? reason : $"{reason} (namespace {ns})");
            }
        }

        var done = Interlocked.Increment(ref resourcesDone);
        var total = Interlocked.Add(ref objectsLoaded, outcome.Objects.Count);
        progress?.Report(new ClusterLoadProgress(ClusterLoadStage.Listing, resource.QualifiedName, done, resourcesTotal, outcome.Objects.Count, total));
        return outcome;
    }

    private async Task ListPagesAsync(ApiResource resource, string path, ResourceOutcome outcome, CancellationToken cancellationToken)
    {
        var accept = resource.IsSecret ? MetadataOnlyAccept : JsonAccept;
        var firstObject = outcome.Objects.Count;
        string? continueToken = null;
        var restarted = false;
        while (true)
        {
            var query = $"?limit={options.PageSize}" + (continueToken is null ? string.Empty : "&continue=" + Uri.EscapeDataString(continueToken));
            JsonDocument page;
            try
            {
                page = await api.GetJsonAsync(path + query, accept, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiStatusException ex) when (ex.Status == HttpStatusCode.Gone && continueToken is not null && !restarted)
            {
                // The continue token outlived the server's consistent snapshot: start this list over, once.
                restarted = true;
                outcome.Restarted = true;
                outcome.Objects.RemoveRange(firstObject, outcome.Objects.Count - firstObject);
                continueToken = null;
                continue;
            }

            using (page)
            {
                var root = page.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new ApiStatusException(HttpStatusCode.OK, path, "the answer is not a list");
                }

                if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    AddItems(resource, path, items, outcome);
                }
                else if (!(root.TryGetProperty("items", out var none) && none.ValueKind == JsonValueKind.Null))
                {
                    throw new ApiStatusException(HttpStatusCode.OK, path, "the answer is not a list (no items)");
                }

                var next = root.GetPath("metadata.continue") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
                if (string.IsNullOrEmpty(next))
                {
                    return;
                }

                if (next == continueToken)
                {
                    throw new ApiStatusException(HttpStatusCode.OK, path, "the server repeated the same continue token");
                }

                if (outcome.Objects.Count - firstObject > MaxObjectsPerResource)
                {
                    throw new ApiStatusException(HttpStatusCode.OK, path, $"more than {MaxObjectsPerResource} objects; not read further");
                }

                continueToken = next;
            }
        }
    }

    private static void AddItems(ApiResource resource, string path, JsonElement items, ResourceOutcome outcome)
    {
        // Items are rewritten before anything keeps them: apiVersion and kind set from discovery, managedFields
        // dropped, Secrets reduced to fields without values. The response document is disposed right after.
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items.EnumerateArray())
            {
                outcome.SecretValuesDropped |= ObjectRedactor.Write(writer, item, resource.ApiVersion, resource.Kind, resource.IsSecret);
            }

            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan, ItemReaderOptions);
        var kept = JsonElement.ParseValue(ref reader);
        var index = 0;
        foreach (var item in kept.EnumerateArray())
        {
            if (KubeObject.TryCreate(item, null, out var error) is { } obj)
            {
                outcome.Objects.Add(obj);
            }
            else
            {
                outcome.Errors.Add(new LoadError($"cluster {path}", 0, 0, $"{resource.QualifiedName} item {index}: {error}"));
            }

            index++;
        }
    }

    private static string GapReason(ApiResource resource, ApiStatusException ex) => ex.Status switch
    {
        HttpStatusCode.Forbidden => $"forbidden: {ex.ServerMessage}",
        HttpStatusCode.NotFound => "not found",
        HttpStatusCode.NotAcceptable when resource.IsSecret =>
            "the server cannot list Secrets as metadata only (406 Not Acceptable); Secrets were not read",
        _ => Describe(ex),
    };

    private static string Describe(ApiStatusException ex) =>
        ex.Status == HttpStatusCode.OK ? ex.ServerMessage : $"server error {(int)ex.Status} {ex.Status}: {ex.ServerMessage}";

    /// <summary>Runs <paramref name="count"/> bodies with bounded concurrency; a cluster access failure wins over the rest.</summary>
    private async Task RunAllAsync(int count, Func<int, CancellationToken, ValueTask> body, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        var task = Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, body);
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception) when (task.Exception?.InnerExceptions.OfType<ClusterAccessException>().FirstOrDefault() is { } access)
        {
            ExceptionDispatchInfo.Throw(access);
        }
    }

    private void Report(ClusterLoadStage stage, string? resource, int objectsInResource) =>
        progress?.Report(new ClusterLoadProgress(stage, resource, resourcesDone, resourcesTotal, objectsInResource, Interlocked.Read(ref objectsLoaded)));
}
