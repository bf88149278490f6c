using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Bench;

/// <summary>
/// A generated cluster for the reachability benchmark: N namespaces of W workloads each and P policies per
/// namespace (default-deny both ways, DNS, then allows by pod selector, namespace selector, named and numbered
/// ports, ranges and ipBlocks), deterministic for a given size.
/// </summary>
internal static class SyntheticNetworkCluster
{
    public static Inventory Build(int namespaces, int workloadsPerNamespace, int policiesPerNamespace)
    {
        var objects = new List<KubeObject>();
        for (var n = 0; n < namespaces; n++)
        {
            var ns = $"ns-{n:D3}";
            objects.Add(Obj(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = ns,
                    ["labels"] = new JsonObject { ["team"] = $"team-{n % 10}", ["phiguard.io/phi"] = n % 4 == 0 ? "true" : "false" },
                },
            }));
            for (var w = 0; w < workloadsPerNamespace; w++)
            {
                objects.Add(Obj(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["metadata"] = new JsonObject { ["name"] = $"app-{w:D3}", ["namespace"] = ns },
                    ["spec"] = new JsonObject
                    {
                        ["template"] = new JsonObject
                        {
                            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = $"app-{w:D3}", ["tier"] = $"tier-{w % 5}" } },
                            ["spec"] = new JsonObject
                            {
                                ["containers"] = new JsonArray(new JsonObject
                                {
                                    ["name"] = "main",
                                    ["image"] = "registry.example/app:1",
                                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 + (w % 3) }),
                                }),
                            },
                        },
                    },
                }));
            }

            for (var p = 0; p < policiesPerNamespace; p++)
            {
                objects.Add(Obj(Policy(ns, n, p)));
            }
        }

        return new Inventory(objects);
    }

    private static JsonObject Policy(string ns, int n, int p)
    {
        JsonObject spec = p switch
        {
            0 => new JsonObject { ["podSelector"] = new JsonObject(), ["policyTypes"] = new JsonArray("Ingress", "Egress") },
            1 => new JsonObject
            {
                ["podSelector"] = new JsonObject(),
                ["policyTypes"] = new JsonArray("Egress"),
                ["egress"] = new JsonArray(new JsonObject
                {
                    ["to"] = new JsonArray(new JsonObject { ["namespaceSelector"] = Match("kubernetes.io/metadata.name", "kube-system") }),
                    ["ports"] = new JsonArray(new JsonObject { ["port"] = 53, ["protocol"] = "UDP" }),
                }),
            },
            _ when p % 3 == 0 => new JsonObject
            {
                ["podSelector"] = Match("tier", $"tier-{p % 5}"),
                ["ingress"] = new JsonArray(new JsonObject
                {
                    ["from"] = new JsonArray(
                        new JsonObject { ["namespaceSelector"] = Match("team", $"team-{(n + p) % 10}"), ["podSelector"] = Match("tier", $"tier-{(p + 1) % 5}") },
                        new JsonObject { ["podSelector"] = Match("app", $"app-{p:D3}") }),
                    ["ports"] = new JsonArray(new JsonObject { ["port"] = "http" }),
                }),
            },
            _ when p % 3 == 1 => new JsonObject
            {
                ["podSelector"] = Match("tier", $"tier-{p % 5}"),
                ["policyTypes"] = new JsonArray("Egress"),
                ["egress"] = new JsonArray(
                    new JsonObject
                    {
                        ["to"] = new JsonArray(new JsonObject { ["namespaceSelector"] = Match("team", $"team-{(n + 1) % 10}") }),
                        ["ports"] = new JsonArray(new JsonObject { ["port"] = 8080, ["endPort"] = 8081 }),
                    },
                    new JsonObject
                    {
                        ["to"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = "10.0.0.0/8", ["except"] = new JsonArray("10.1.0.0/16") } }),
                    }),
            },
            _ => new JsonObject
            {
                ["podSelector"] = new JsonObject
                {
                    ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "tier", ["operator"] = "In", ["values"] = new JsonArray($"tier-{p % 5}", $"tier-{(p + 2) % 5}") }),
                },
                ["ingress"] = new JsonArray(new JsonObject
                {
                    ["from"] = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject() }),
                    ["ports"] = new JsonArray(new JsonObject { ["port"] = 8082 }),
                }),
            },
        };
        return new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "NetworkPolicy",
            ["metadata"] = new JsonObject { ["name"] = $"policy-{p:D2}", ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    private static JsonObject Match(string key, string value) =>
        new() { ["matchLabels"] = new JsonObject { [key] = value } };

    private static KubeObject Obj(JsonObject node)
    {
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return KubeObject.Create(doc.RootElement.Clone());
    }
}
