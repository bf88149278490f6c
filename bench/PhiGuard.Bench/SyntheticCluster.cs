using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiGuard.Bench;

/// <summary>
/// A deterministic synthetic cluster: for a seed and an object count, the same mix of namespaces (some labelled as
/// holding PHI), workloads, pods, services, ingresses, config maps, secret metadata, network policies and RBAC,
/// written as one kubectl-style JSON List or as a folder of multi-document YAML files.
/// </summary>
public sealed class SyntheticCluster(int seed, int objects)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly (string Kind, int Weight)[] Mix =
    [
        ("Pod", 30), ("Deployment", 10), ("StatefulSet", 3), ("Service", 10), ("ConfigMap", 14), ("Secret", 12),
        ("Ingress", 3), ("NetworkPolicy", 5), ("Role", 5), ("RoleBinding", 6), ("ClusterRoleBinding", 1),
    ];

    private static readonly string[] Images =
    [
        "registry.clinic.example/ehr/api:2.4.1", "registry.clinic.example/ehr/web:2.4.1", "docker.io/library/nginx:1.27",
        "registry.clinic.example/billing/worker@sha256:5f1b8c3e9a0d4e7f2b6c1a9d8e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f",
        "quay.io/prometheus/node-exporter:v1.8.2", "postgres:16",
    ];

    public int Seed { get; } = seed;

    public int Objects { get; } = objects;

    /// <summary>The objects, in a stable order: each namespace followed by what lives in it.</summary>
    public IEnumerable<JsonObject> Generate()
    {
        var random = new Random(Seed);
        var total = Mix.Sum(m => m.Weight);
        string ns = string.Empty;
        for (var i = 0; i < Objects; i++)
        {
            if (i % 100 == 0)
            {
                ns = $"team-{i / 100:D5}";
                yield return Namespace(ns, random.Next(10) < 3, random);
                continue;
            }

            var pick = random.Next(total);
            var kind = Mix[0].Kind;
            foreach (var (k, w) in Mix)
            {
                if (pick < w)
                {
                    kind = k;
                    break;
                }

                pick -= w;
            }

            var name = $"{kind.ToLowerInvariant()}-{i:D7}";
            yield return kind switch
            {
                "Pod" => Pod(ns, name, random),
                "Deployment" => Workload("apps/v1", "Deployment", ns, name, random),
                "StatefulSet" => Workload("apps/v1", "StatefulSet", ns, name, random),
                "Service" => Service(ns, name, random),
                "ConfigMap" => ConfigMap(ns, name, random),
                "Secret" => SecretMetadata(ns, name, random),
                "Ingress" => Ingress(ns, name, random),
                "NetworkPolicy" => NetworkPolicy(ns, name, random),
                "Role" => Role(ns, name, random),
                "RoleBinding" => RoleBinding(ns, name, random),
                _ => ClusterRoleBinding(name, random),
            };
        }
    }

    /// <summary>Writes a kubectl <c>get -A -o json</c> style List (4-space indented, like kubectl).</summary>
    public void WriteJsonList(Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartArray("items");
        foreach (var o in Generate())
        {
            o.WriteTo(writer, Indented);
        }

        writer.WriteEndArray();
        writer.WriteString("kind", "List");
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", string.Empty);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes one folder per namespace, one multi-document YAML file per kind in it (like a GitOps repo).</summary>
    public void WriteYamlTree(string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new SortedDictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var o in Generate())
        {
            var ns = o["metadata"]?["namespace"]?.GetValue<string>() ?? (o["kind"]!.GetValue<string>() == "Namespace" ? o["metadata"]!["name"]!.GetValue<string>() : "cluster");
            var key = Path.Combine(ns, o["kind"]!.GetValue<string>().ToLowerInvariant() + ".yaml");
            if (!files.TryGetValue(key, out var sb))
            {
                files[key] = sb = new StringBuilder();
            }
            else
            {
                sb.Append("---\n");
            }

            YamlText.Emit(o, 0, sb);
        }

        foreach (var (key, sb) in files)
        {
            var path = Path.Combine(folder, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, sb.ToString());
        }
    }

    private static JsonObject Meta(string? ns, string name, Random random, JsonObject? labels = null)
    {
        var meta = new JsonObject
        {
            ["name"] = name,
            ["uid"] = new Guid(Bytes(random, 16)).ToString(),
            ["resourceVersion"] = random.Next(1, 9_999_999).ToString(CultureInfo.InvariantCulture),
            ["creationTimestamp"] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(500_000)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["labels"] = labels ?? new JsonObject { ["app"] = App(random), ["app.kubernetes.io/part-of"] = "clinic" },
        };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        return meta;
    }

    private static JsonObject Namespace(string name, bool phi, Random random)
    {
        var labels = new JsonObject { ["kubernetes.io/metadata.name"] = name, ["phiguard.io/environment"] = random.Next(3) switch { 0 => "prod", 1 => "test", _ => "dev" } };
        if (phi)
        {
            labels["phiguard.io/phi"] = "true";
            labels["pod-security.kubernetes.io/enforce"] = "restricted";
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = Meta(null, name, random, labels),
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
    }

    private static JsonObject PodSpec(Random random)
    {
        var containers = new JsonArray();
        var count = random.Next(1, 3);
        for (var c = 0; c < count; c++)
        {
            var hardened = random.Next(4) != 0;
            containers.Add(new JsonObject
            {
                ["name"] = c == 0 ? "app" : "sidecar",
                ["image"] = Images[random.Next(Images.Length)],
                ["imagePullPolicy"] = "IfNotPresent",
                ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 + c, ["name"] = "http", ["protocol"] = "TCP" }),
                ["env"] = new JsonArray(
                    new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" },
                    new JsonObject { ["name"] = "DB_PASSWORD", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "db", ["key"] = "password" } } }),
                ["resources"] = new JsonObject
                {
                    ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" },
                    ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
                },
                ["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = 8080 + c }, ["periodSeconds"] = 10 },
                ["securityContext"] = new JsonObject
                {
                    ["allowPrivilegeEscalation"] = !hardened,
                    ["readOnlyRootFilesystem"] = hardened,
                    ["runAsNonRoot"] = hardened,
                    ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                },
                ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" }),
            });
        }

        return new JsonObject
        {
            ["serviceAccountName"] = "default",
            ["automountServiceAccountToken"] = random.Next(2) == 0,
            ["securityContext"] = new JsonObject { ["runAsUser"] = 10001, ["fsGroup"] = 10001, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
            ["containers"] = containers,
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() }),
        };
    }

    private static JsonObject Pod(string ns, string name, Random random) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = Meta(ns, name, random),
        ["spec"] = PodSpec(random),
        ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}" },
    };

    private static JsonObject Workload(string apiVersion, string kind, string ns, string name, Random random)
    {
        var app = App(random);
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = Meta(ns, name, random, new JsonObject { ["app"] = app }),
            ["spec"] = new JsonObject
            {
                ["replicas"] = random.Next(1, 5),
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                    ["spec"] = PodSpec(random),
                },
            },
        };
    }

    private static JsonObject Service(string ns, string name, Random random) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Meta(ns, name, random),
        ["spec"] = new JsonObject
        {
            ["type"] = random.Next(10) == 0 ? "LoadBalancer" : "ClusterIP",
            ["selector"] = new JsonObject { ["app"] = App(random) },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
        },
    };

    private static JsonObject ConfigMap(string ns, string name, Random random)
    {
        var data = new JsonObject();
        for (var k = 0; k < random.Next(1, 6); k++)
        {
            data[$"setting-{k}"] = $"value-{random.Next(100_000)}";
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = Meta(ns, name, random), ["data"] = data };
    }

    // Secrets appear as metadata only, as a live scan lists them: no data, ever.
    private static JsonObject SecretMetadata(string ns, string name, Random random) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = Meta(ns, name, random),
        ["type"] = random.Next(3) == 0 ? "kubernetes.io/tls" : "Opaque",
    };

    private static JsonObject Ingress(string ns, string name, Random random)
    {
        var host = $"{name}.clinic.example";
        var spec = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = host,
                ["http"] = new JsonObject
                {
                    ["paths"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "/",
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "web", ["port"] = new JsonObject { ["number"] = 80 } } },
                    }),
                },
            }),
        };
        if (random.Next(4) != 0)
        {
            spec["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray(host), ["secretName"] = $"{name}-tls" });
        }

        return new JsonObject { ["apiVersion"] = "networking.k8s.io/v1", ["kind"] = "Ingress", ["metadata"] = Meta(ns, name, random), ["spec"] = spec };
    }

    private static JsonObject NetworkPolicy(string ns, string name, Random random) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "NetworkPolicy",
        ["metadata"] = Meta(ns, name, random),
        ["spec"] = random.Next(3) == 0
            ? new JsonObject { ["podSelector"] = new JsonObject(), ["policyTypes"] = new JsonArray("Ingress") }
            : new JsonObject
            {
                ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = App(random) } },
                ["policyTypes"] = new JsonArray("Ingress"),
                ["ingress"] = new JsonArray(new JsonObject
                {
                    ["from"] = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "gateway" } } }),
                    ["ports"] = new JsonArray(new JsonObject { ["port"] = 8080, ["protocol"] = "TCP" }),
                }),
            },
    };

    private static JsonObject Role(string ns, string name, Random random) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "Role",
        ["metadata"] = Meta(ns, name, random),
        ["rules"] = new JsonArray(new JsonObject
        {
            ["apiGroups"] = new JsonArray(""),
            ["resources"] = random.Next(5) == 0 ? new JsonArray("*") : new JsonArray("pods", "configmaps"),
            ["verbs"] = new JsonArray("get", "list", "watch"),
        }),
    };

    private static JsonObject RoleBinding(string ns, string name, Random random) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "RoleBinding",
        ["metadata"] = Meta(ns, name, random),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "reader" },
        ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "default", ["namespace"] = ns }),
    };

    private static JsonObject ClusterRoleBinding(string name, Random random) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Meta(null, name, random),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = random.Next(20) == 0 ? "cluster-admin" : "view" },
        ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "Group", ["name"] = $"group-{random.Next(50)}", ["apiGroup"] = "rbac.authorization.k8s.io" }),
    };

    private static string App(Random random) => $"app-{random.Next(40)}";

    private static byte[] Bytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}
