using System.Text.Json.Nodes;

namespace PhiGuard.Testing;

/// <summary>Minimal valid Kubernetes objects for seeding the fake API server.</summary>
public static class FakeObjects
{
    public static JsonObject Namespace(string name, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = Metadata(name, null, labels),
    };

    public static JsonObject Pod(string ns, string name, string image = "registry.example/app:1.0") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = Metadata(name, ns),
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
        },
    };

    public static JsonObject Deployment(string ns, string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = Metadata(name, ns),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example/app:1.0" }),
                },
            },
        },
    };

    public static JsonObject Node(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = Metadata(name, null),
    };

    /// <summary>A Secret with data, stringData and a last-applied annotation that repeats the value.</summary>
    public static JsonObject Secret(string ns, string name, string value)
    {
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));
        var metadata = Metadata(name, ns);
        metadata["annotations"] = new JsonObject
        {
            ["kubectl.kubernetes.io/last-applied-configuration"] =
                $"{{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{{\"name\":\"{name}\"}},\"stringData\":{{\"password\":\"{value}\"}}}}",
            ["owner"] = "team-ehr",
        };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = metadata,
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["password"] = encoded },
            ["stringData"] = new JsonObject { ["token"] = value },
        };
    }

    /// <summary>A Velero Schedule: a custom resource no typed client knows.</summary>
    public static JsonObject VeleroSchedule(string ns, string name) => new()
    {
        ["apiVersion"] = "velero.io/v1",
        ["kind"] = "Schedule",
        ["metadata"] = Metadata(name, ns),
        ["spec"] = new JsonObject
        {
            ["schedule"] = "0 2 * * *",
            ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray("ehr-prod"), ["ttl"] = "720h0m0s" },
        },
    };

    private static JsonObject Metadata(string name, string? ns, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["uid"] = $"uid-{ns ?? "cluster"}-{name}",
            ["resourceVersion"] = "100",
            ["managedFields"] = new JsonArray(new JsonObject
            {
                ["manager"] = "kubectl-client-side-apply",
                ["operation"] = "Update",
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = new JsonObject { ["f:metadata"] = new JsonObject() },
            }),
        };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (labels is not null)
        {
            var l = new JsonObject();
            foreach (var (k, v) in labels)
            {
                l[k] = v;
            }

            metadata["labels"] = l;
        }

        return metadata;
    }
}
