using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PhiGuard.Testing;

/// <summary>
/// A small Kubernetes API server on 127.0.0.1 for tests: discovery (<c>/version</c>, <c>/api</c>, <c>/api/v1</c>,
/// <c>/apis</c>, <c>/apis/g/v</c>), cluster-wide and namespaced lists with real <c>limit</c>/<c>continue</c> paging,
/// bearer-token checks, 401/403/410/406/503 on demand, and metadata-only lists (PartialObjectMetadataList). It records
/// every request so tests can check what a client did. Driven through the real KubernetesClient via
/// <see cref="WriteKubeconfig"/>.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    /// <summary>The token the server accepts unless <see cref="Token"/> is changed.</summary>
    public const string DefaultToken = "fake-bearer-token-for-tests";

    private const string MetadataOnlyMarker = "as=PartialObjectMetadataList";

    private readonly object gate = new();
    private readonly List<FakeResource> resources = [];
    private readonly Dictionary<string, string> preferredVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Resource), List<JsonObject>> objects = [];
    private readonly Dictionary<(string Group, string Resource), string?> forbidden = [];
    private readonly Dictionary<string, int> failingGroupVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Status, string ContentType, string Body)> overrides = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly bool https;
    private X509Certificate2? certificate;
    private WebApplication? app;
    private int expireContinueTokens;

    public FakeApiServer(bool https = false)
    {
        this.https = https;
    }

    /// <summary>The bearer token requests must carry.</summary>
    public string Token { get; set; } = DefaultToken;

    /// <summary>Answer 401 to every request, whatever it carries.</summary>
    public bool UnauthorizedEverywhere { get; set; }

    /// <summary>Serve full lists even when a metadata-only list is asked for (an old or misbehaving server).</summary>
    public bool IgnoreMetadataOnlyAccept { get; set; }

    /// <summary>Answer 406 Not Acceptable to metadata-only requests (a server that cannot do it).</summary>
    public bool RejectMetadataOnlyAccept { get; set; }

    /// <summary>Delay before every answer, to test client timeouts.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Largest page served whatever <c>limit</c> asks for (the real server may return fewer items too).</summary>
    public int? MaxPageSize { get; set; }

    public string GitVersion { get; set; } = "v1.33.2";

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>; available after <see cref="StartAsync"/>.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The server certificate as PEM (HTTPS only), for kubeconfig <c>certificate-authority-data</c>.</summary>
    public string? CertificateAuthorityPem => certificate is null ? null : SelfSignedCertificate.ToPem(certificate);

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    /// <summary>
    /// A server announcing a realistic set of resources: core, apps, batch, RBAC, networking, the events.k8s.io
    /// alias, create-only APIs, subresources, and the velero.io CRD group (v1 preferred, v2alpha1 also served).
    /// </summary>
    public static FakeApiServer WithStandardResources(bool https = false)
    {
        string[] rw = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
        var server = new FakeApiServer(https);
        server.AddResource(new FakeResource("", "v1", "namespaces", "Namespace", false, rw))
            .AddResource(new FakeResource("", "v1", "pods", "Pod", true, rw))
            .AddResource(new FakeResource("", "v1", "pods/log", "Pod", true, ["get"]))
            .AddResource(new FakeResource("", "v1", "services", "Service", true, rw))
            .AddResource(new FakeResource("", "v1", "secrets", "Secret", true, rw))
            .AddResource(new FakeResource("", "v1", "configmaps", "ConfigMap", true, rw))
            .AddResource(new FakeResource("", "v1", "serviceaccounts", "ServiceAccount", true, rw))
            .AddResource(new FakeResource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, rw))
            .AddResource(new FakeResource("", "v1", "nodes", "Node", false, rw))
            .AddResource(new FakeResource("", "v1", "events", "Event", true, rw))
            .AddResource(new FakeResource("", "v1", "bindings", "Binding", true, ["create"]))
            .AddResource(new FakeResource("apps", "v1", "deployments", "Deployment", true, rw))
            .AddResource(new FakeResource("apps", "v1", "deployments/scale", "Scale", true, ["get", "patch", "update"]))
            .AddResource(new FakeResource("apps", "v1", "statefulsets", "StatefulSet", true, rw))
            .AddResource(new FakeResource("apps", "v1", "daemonsets", "DaemonSet", true, rw))
            .AddResource(new FakeResource("apps", "v1", "replicasets", "ReplicaSet", true, rw))
            .AddResource(new FakeResource("batch", "v1", "jobs", "Job", true, rw))
            .AddResource(new FakeResource("batch", "v1", "cronjobs", "CronJob", true, rw))
            .AddResource(new FakeResource("rbac.authorization.k8s.io", "v1", "roles", "Role", true, rw))
            .AddResource(new FakeResource("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, rw))
            .AddResource(new FakeResource("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, rw))
            .AddResource(new FakeResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, rw))
            .AddResource(new FakeResource("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, rw))
            .AddResource(new FakeResource("networking.k8s.io", "v1", "ingresses", "Ingress", true, rw))
            .AddResource(new FakeResource("events.k8s.io", "v1", "events", "Event", true, rw))
            .AddResource(new FakeResource("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, ["create"]))
            .AddResource(new FakeResource("velero.io", "v1", "schedules", "Schedule", true, rw) { ItemsCarryTypeMeta = true })
            .AddResource(new FakeResource("velero.io", "v1", "backupstoragelocations", "BackupStorageLocation", true, rw) { ItemsCarryTypeMeta = true })
            .AddResource(new FakeResource("velero.io", "v2alpha1", "datauploads", "DataUpload", true, rw) { ItemsCarryTypeMeta = true });
        return server;
    }

    /// <summary>Announces a resource type. The first version added for a group is its preferred version.</summary>
    public FakeApiServer AddResource(FakeResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            resources.Add(resource);
            preferredVersions.TryAdd(resource.Group, resource.Version);
        }

        return this;
    }

    /// <summary>Adds objects (JSON text, one object each); the resource is found from apiVersion and kind.</summary>
    public FakeApiServer Add(params string[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        foreach (var text in json)
        {
            AddOne(JsonNode.Parse(text) as JsonObject ?? throw new ArgumentException("not a JSON object", nameof(json)));
        }

        return this;
    }

    /// <summary>Adds objects; the resource of each is found from its apiVersion and kind.</summary>
    public FakeApiServer Add(params JsonObject[] objs)
    {
        ArgumentNullException.ThrowIfNull(objs);
        foreach (var obj in objs)
        {
            AddOne(obj);
        }

        return this;
    }

    private void AddOne(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? throw new ArgumentException("object has no apiVersion", nameof(obj));
        var kind = obj["kind"]?.GetValue<string>() ?? throw new ArgumentException("object has no kind", nameof(obj));
        lock (gate)
        {
            var resource = resources.FirstOrDefault(r => r.GroupVersion == apiVersion && r.Kind == kind && !r.IsSubresource)
                           ?? throw new ArgumentException($"no resource registered for {apiVersion} {kind}", nameof(obj));
            var key = (resource.Group, resource.Name);
            if (!objects.TryGetValue(key, out var list))
            {
                objects[key] = list = [];
            }

            list.Add((JsonObject)obj.DeepClone());
        }
    }

    /// <summary>Answers 403 to lists of a resource (optionally only in one namespace).</summary>
    public FakeApiServer Forbid(string group, string resource, string? inNamespace = null)
    {
        lock (gate)
        {
            forbidden[(group, resource)] = inNamespace;
        }

        return this;
    }

    /// <summary>Answers <paramref name="status"/> (e.g. 503) to the discovery of one group version.</summary>
    public FakeApiServer FailDiscovery(string groupVersion, int status)
    {
        lock (gate)
        {
            failingGroupVersions[groupVersion] = status;
        }

        return this;
    }

    /// <summary>Answers every GET of <paramref name="path"/> (any query) with this raw status and body.</summary>
    public FakeApiServer Respond(string path, int status, string body, string contentType = "application/json")
    {
        lock (gate)
        {
            overrides[path] = (status, contentType, body);
        }

        return this;
    }

    /// <summary>The next <paramref name="count"/> requests that carry a continue token get 410 Gone (token expired).</summary>
    public FakeApiServer ExpireContinueTokens(int count)
    {
        Interlocked.Exchange(ref expireContinueTokens, count);
        return this;
    }

    public async Task StartAsync()
    {
        if (app is not null)
        {
            throw new InvalidOperationException("already started");
        }

        if (https)
        {
            certificate = SelfSignedCertificate.Create();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>
    /// Writes a kubeconfig whose only context points at this server with a bearer token (the server's by default)
    /// and, for HTTPS, the server's certificate as <c>certificate-authority-data</c> (or the PEM given).
    /// </summary>
    public void WriteKubeconfig(string path, string? token = null, string context = "fake", string? certificateAuthorityPem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var ca = certificateAuthorityPem ?? CertificateAuthorityPem;
        var caLine = ca is null ? string.Empty : $"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(ca))}\n";
        var yaml =
            "apiVersion: v1\n" +
            "kind: Config\n" +
            "clusters:\n" +
            $"- name: {context}-cluster\n" +
            "  cluster:\n" +
            $"    server: {Url.ToString().TrimEnd('/')}\n" +
            caLine +
            "contexts:\n" +
            $"- name: {context}\n" +
            "  context:\n" +
            $"    cluster: {context}-cluster\n" +
            $"    user: {context}-user\n" +
            $"current-context: {context}\n" +
            "users:\n" +
            $"- name: {context}-user\n" +
            "  user:\n" +
            $"    token: {token ?? Token}\n";
        File.WriteAllText(path, yaml);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }

        certificate?.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var accept = request.Headers.Accept.ToString();
        var authenticated = request.Headers.Authorization.ToString() == $"Bearer {Token}";
        int status;
        if (ResponseDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(ResponseDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, accept, authenticated, 499));
                return;
            }
        }

        if (UnauthorizedEverywhere || !authenticated)
        {
            status = 401;
            await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized");
        }
        else if (!HttpMethods.IsGet(request.Method))
        {
            status = 405;
            await WriteStatusAsync(context, 405, "MethodNotAllowed", $"{request.Method} is not supported by the fake API server");
        }
        else if (TryOverride(request.Path.Value ?? "/") is { } raw)
        {
            status = raw.Status;
            context.Response.StatusCode = raw.Status;
            context.Response.ContentType = raw.ContentType;
            await context.Response.WriteAsync(raw.Body);
        }
        else
        {
            (status, var body) = Route(request.Path.Value ?? "/", request.Query, accept);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
        }

        requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, accept, authenticated, status));
    }

    private (int Status, string ContentType, string Body)? TryOverride(string path)
    {
        lock (gate)
        {
            return overrides.TryGetValue(path, out var raw) ? raw : null;
        }
    }

    private (int Status, JsonNode Body) Route(string path, IQueryCollection query, string accept)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (gate)
        {
            switch (segments)
            {
                case ["version"]:
                    return (200, new JsonObject
                    {
                        ["major"] = "1",
                        ["minor"] = GitVersion.Split('.').ElementAtOrDefault(1) ?? "0",
                        ["gitVersion"] = GitVersion,
                        ["gitCommit"] = "0000000000000000000000000000000000000000",
                        ["gitTreeState"] = "clean",
                        ["buildDate"] = "2025-06-17T18:28:25Z",
                        ["goVersion"] = "go1.24.4",
                        ["compiler"] = "gc",
                        ["platform"] = "linux/amd64",
                    });
                case ["api"]:
                    return (200, new JsonObject
                    {
                        ["kind"] = "APIVersions",
                        ["versions"] = new JsonArray("v1"),
                        ["serverAddressByClientCIDRs"] = new JsonArray(),
                    });
                case ["api", "v1"]:
                    return ResourceList("", "v1");
                case ["apis"]:
                    return (200, GroupList());
                case ["apis", var g, var v]:
                    return ResourceList(g, v);
                case ["api", "v1", .. var rest]:
                    return List("", "v1", rest, query, accept);
                case ["apis", var g, var v, .. var rest]:
                    return List(g, v, rest, query, accept);
                default:
                    return (404, Status(404, "NotFound", "the server could not find the requested resource"));
            }
        }
    }

    private (int, JsonNode) ResourceList(string group, string version)
    {
        var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
        if (failingGroupVersions.TryGetValue(groupVersion, out var failing))
        {
            return (failing, Status(failing, "ServiceUnavailable", "the server is currently unable to handle the request"));
        }

        var served = resources.Where(r => r.Group == group && r.Version == version).ToArray();
        if (served.Length == 0)
        {
            return (404, Status(404, "NotFound", "the server could not find the requested resource"));
        }

        var list = new JsonArray();
        foreach (var r in served)
        {
            list.Add(new JsonObject
            {
                ["name"] = r.Name,
                ["singularName"] = r.IsSubresource ? string.Empty : r.Kind.ToLowerInvariant(),
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray(r.Verbs.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            });
        }

        return (200, new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = list,
        });
    }

    private JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var group in resources.Where(r => r.Group.Length > 0).Select(r => r.Group).Distinct())
        {
            var versions = new JsonArray();
            foreach (var version in resources.Where(r => r.Group == group).Select(r => r.Version).Distinct())
            {
                versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
            }

            var preferred = preferredVersions[group];
            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = versions,
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{preferred}", ["version"] = preferred },
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private (int, JsonNode) List(string group, string version, string[] rest, IQueryCollection query, string accept)
    {
        string? ns;
        string name;
        switch (rest)
        {
            case [var n]:
                ns = null;
                name = n;
                break;
            case ["namespaces", var n, var r]:
                ns = n;
                name = r;
                break;
            default:
                return (404, Status(404, "NotFound", "the fake API server serves lists only"));
        }

        var resource = resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Name == name);
        if (resource is null || !resource.Verbs.Contains("list") || (ns is not null && !resource.Namespaced))
        {
            return (404, Status(404, "NotFound", "the server could not find the requested resource"));
        }

        if (forbidden.TryGetValue((group, name), out var forbiddenNs) && (forbiddenNs is null || forbiddenNs == ns))
        {
            var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
            return (403, Status(403, "Forbidden",
                $"{name}{(group.Length == 0 ? string.Empty : "." + group)} is forbidden: User \"system:serviceaccount:phiguard:scanner\" cannot list resource \"{name}\" in API group \"{group}\" {scope}"));
        }

        var metadataOnly = accept.Contains(MetadataOnlyMarker, StringComparison.Ordinal) && !IgnoreMetadataOnlyAccept;
        if (metadataOnly && RejectMetadataOnlyAccept)
        {
            return (406, Status(406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf"));
        }

        var all = (objects.TryGetValue((group, name), out var list) ? list : [])
            .Where(o => ns is null || NamespaceOf(o) == ns)
            .OrderBy(NamespaceOf, StringComparer.Ordinal)
            .ThenBy(o => o["metadata"]?["name"]?.GetValue<string>(), StringComparer.Ordinal)
            .ToList();

        var offset = 0;
        if (query.TryGetValue("continue", out var token) && !string.IsNullOrEmpty(token))
        {
            if (Interlocked.Decrement(ref expireContinueTokens) >= 0)
            {
                return (410, Status(410, "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."));
            }

            if (!TryReadContinue(token!, group, name, out offset))
            {
                return (400, Status(400, "BadRequest", "continue key is not valid"));
            }
        }

        var limit = all.Count;
        if (query.TryGetValue("limit", out var limitText) && !string.IsNullOrEmpty(limitText))
        {
            if (!int.TryParse(limitText, out limit) || limit < 0)
            {
                return (400, Status(400, "BadRequest", "limit must be a non-negative integer"));
            }

            if (limit == 0)
            {
                limit = all.Count;
            }
        }

        if (MaxPageSize is { } max)
        {
            limit = Math.Min(limit, max);
        }

        var page = all.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        var metadata = new JsonObject { ["resourceVersion"] = "12345" };
        if (next < all.Count)
        {
            metadata["continue"] = MakeContinue(group, name, next);
            metadata["remainingItemCount"] = all.Count - next;
        }

        var items = new JsonArray();
        foreach (var o in page)
        {
            items.Add(metadataOnly ? MetadataOnly(o) : ListItem(resource, o));
        }

        return (200, new JsonObject
        {
            ["kind"] = metadataOnly ? "PartialObjectMetadataList" : $"{resource.Kind}List",
            ["apiVersion"] = metadataOnly ? "meta.k8s.io/v1" : resource.GroupVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        });
    }

    private static JsonObject ListItem(FakeResource resource, JsonObject o)
    {
        var copy = (JsonObject)o.DeepClone();
        if (!resource.ItemsCarryTypeMeta)
        {
            copy.Remove("apiVersion");
            copy.Remove("kind");
        }

        return copy;
    }

    private static JsonObject MetadataOnly(JsonObject o) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = o["metadata"]?.DeepClone(),
    };

    private static string? NamespaceOf(JsonObject o) => o["metadata"]?["namespace"]?.GetValue<string>();

    private static string MakeContinue(string group, string resource, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { group, resource, offset.ToString(System.Globalization.CultureInfo.InvariantCulture) })));

    private static bool TryReadContinue(string token, string group, string resource, out int offset)
    {
        offset = 0;
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            return parts is [var g, var r, var o] && g == group && r == resource && int.TryParse(o, out offset) && offset >= 0;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Status(code, reason, message).ToJsonString());
    }
}
