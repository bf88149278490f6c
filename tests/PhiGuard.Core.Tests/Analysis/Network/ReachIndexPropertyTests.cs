using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Analysis.Network;

/// <summary>
/// The set-based index (and the matrix built on it) must agree with the pairwise reference
/// <see cref="NetworkModel.Reach"/> on every ordered pair of random small clusters, on any port and on single ports.
/// </summary>
public sealed class ReachIndexPropertyTests
{
    private static readonly string[] Namespaces = ["n0", "n1", "n2"];

    private static readonly TrafficPort[] Probes = [new(80, "TCP"), new(53, "UDP"), new(5432, "TCP"), new(5500, "TCP"), new(7, "SCTP")];

    private static readonly Gen<JsonObject> Labels =
        Gen.Select(Gen.OneOf<string?>(null, "a", "b", "c"), Gen.OneOf<string?>(null, "x", "y"))
            .Select(t =>
            {
                var o = new JsonObject();
                if (t.Item1 is { } app)
                {
                    o["app"] = app;
                }

                if (t.Item2 is { } tier)
                {
                    o["tier"] = tier;
                }

                return o;
            });

    private static readonly Gen<JsonObject> Selector = Gen.Frequency(
        (2, Gen.Const(0).Select(_ => new JsonObject())),
        (3, Labels.Select(l => new JsonObject { ["matchLabels"] = l })),
        (2, Gen.Select(Gen.OneOf("app", "tier", "team"), Gen.OneOf("In", "NotIn", "Exists", "DoesNotExist"), Gen.OneOf("a", "b", "x", "web"))
            .Select(t => new JsonObject
            {
                ["matchExpressions"] = new JsonArray(t.Item2 is "In" or "NotIn"
                    ? new JsonObject { ["key"] = t.Item1, ["operator"] = t.Item2, ["values"] = new JsonArray(t.Item3) }
                    : new JsonObject { ["key"] = t.Item1, ["operator"] = t.Item2 }),
            })));

    private static readonly Gen<JsonObject> NamespaceSelector = Gen.Frequency(
        (1, Gen.Const(0).Select(_ => new JsonObject())),
        (2, Gen.OneOf("web", "data").Select(t => new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = t } })),
        (2, Gen.OneOf(Namespaces).Select(n => new JsonObject { ["matchLabels"] = new JsonObject { [NetworkModel.NamespaceNameLabel] = n } })));

    private static readonly Gen<JsonObject> Peer = Gen.Frequency(
        (3, Selector.Select(s => new JsonObject { ["podSelector"] = s })),
        (2, NamespaceSelector.Select(s => new JsonObject { ["namespaceSelector"] = s })),
        (2, Gen.Select(NamespaceSelector, Selector).Select(t => new JsonObject { ["namespaceSelector"] = t.Item1, ["podSelector"] = t.Item2 })),
        (1, Gen.OneOf("10.0.0.0/24", "10.0.0.2/32", "0.0.0.0/0").Select(c => new JsonObject
        {
            ["ipBlock"] = new JsonObject { ["cidr"] = c, ["except"] = new JsonArray("10.0.0.1/32") },
        })),
        (1, Gen.Const(0).Select(_ => new JsonObject())));

    private static readonly Gen<JsonObject> Port = Gen.OneOf(
        Gen.Const(0).Select(_ => new JsonObject { ["port"] = 80 }),
        Gen.Const(0).Select(_ => new JsonObject { ["port"] = "http" }),
        Gen.Const(0).Select(_ => new JsonObject { ["port"] = "dns", ["protocol"] = "UDP" }),
        Gen.Const(0).Select(_ => new JsonObject { ["port"] = 53, ["protocol"] = "UDP" }),
        Gen.Const(0).Select(_ => new JsonObject { ["port"] = 5000, ["endPort"] = 6000 }),
        Gen.Const(0).Select(_ => new JsonObject { ["protocol"] = "SCTP" }));

    private static Gen<JsonObject> Rule(string peersField) =>
        Gen.Select(Peer.Array[0, 2], Port.Array[0, 2], Gen.Bool).Select(t =>
        {
            var rule = new JsonObject();
            if (t.Item1.Length > 0 || t.Item3)
            {
                rule[peersField] = new JsonArray([.. t.Item1]);
            }

            if (t.Item2.Length > 0)
            {
                rule["ports"] = new JsonArray([.. t.Item2]);
            }

            return rule;
        });

    private static readonly Gen<string> Policy =
        Gen.Select(Gen.OneOf(Namespaces), Selector, Gen.Int[0, 3], Rule("from").Array[0, 2], Rule("to").Array[0, 2], Gen.Bool)
            .Select(t =>
            {
                var spec = new JsonObject { ["podSelector"] = t.Item2 };
                if (t.Item3 > 0)
                {
                    spec["policyTypes"] = t.Item3 switch { 1 => new JsonArray("Ingress"), 2 => new JsonArray("Egress"), _ => new JsonArray("Ingress", "Egress") };
                }

                if (t.Item4.Length > 0 || t.Item6)
                {
                    spec["ingress"] = new JsonArray([.. t.Item4]);
                }

                if (t.Item5.Length > 0)
                {
                    spec["egress"] = new JsonArray([.. t.Item5]);
                }

                return new JsonObject
                {
                    ["apiVersion"] = "networking.k8s.io/v1",
                    ["kind"] = "NetworkPolicy",
                    ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = t.Item1 },
                    ["spec"] = spec,
                }.ToJsonString();
            });

    private static readonly Gen<string> Workload =
        Gen.Select(Gen.OneOf(Namespaces), Labels, Gen.Int[0, 3], Gen.Int[0, 4]).Select(t =>
        {
            var ports = new JsonArray();
            if ((t.Item3 & 1) != 0)
            {
                ports.Add(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 });
            }

            if ((t.Item3 & 2) != 0)
            {
                ports.Add(new JsonObject { ["name"] = "dns", ["containerPort"] = 53, ["protocol"] = "UDP" });
            }

            var podSpec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i", ["ports"] = ports }) };
            if (t.Item4 > 0)
            {
                // A running Pod has an address, which ipBlock peers match.
                return new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject { ["name"] = "w", ["namespace"] = t.Item1, ["labels"] = t.Item2 },
                    ["spec"] = podSpec,
                    ["status"] = new JsonObject { ["podIP"] = $"10.0.0.{t.Item4}" },
                }.ToJsonString();
            }

            return new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = "w", ["namespace"] = t.Item1 },
                ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = t.Item2 }, ["spec"] = podSpec } },
            }.ToJsonString();
        });

    private static readonly Gen<string[]> NamespaceObjects =
        Gen.OneOf<string?>(null, "web", "data").Array[3].Select(teams => teams.Select((team, i) =>
        {
            var meta = new JsonObject { ["name"] = Namespaces[i] };
            if (team is not null)
            {
                meta["labels"] = new JsonObject { ["team"] = team };
            }

            return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = meta }.ToJsonString();
        }).ToArray());

    private static readonly Gen<PhiGuard.Core.Inventory.Inventory> Clusters =
        Gen.Select(NamespaceObjects, Workload.Array[1, 7], Policy.Array[0, 6]).Select(t =>
        {
            // Names are numbered so that every endpoint is distinct.
            var objects = t.Item1.Select(Parse).ToList();
            objects.AddRange(t.Item2.Select((w, i) => Parse(w.Replace("\"name\":\"w\"", $"\"name\":\"w{i}\"", StringComparison.Ordinal))));
            objects.AddRange(t.Item3.Select((p, i) => Parse(p.Replace("\"name\":\"p\"", $"\"name\":\"p{i}\"", StringComparison.Ordinal))));
            return new PhiGuard.Core.Inventory.Inventory(objects);
        });

    [Fact]
    public void Index_agrees_with_the_pairwise_reference_on_random_clusters()
    {
        Clusters.Sample(inventory =>
        {
            var model = NetworkModel.Build(inventory);
            var matrix = ReachMatrix.Compute(model);
            foreach (var to in model.Endpoints)
            {
                var sources = model.Index.SourcesOf(to);
                foreach (var from in model.Endpoints)
                {
                    var expected = model.Reach(NetworkAddress.Of(from), NetworkAddress.Of(to)).Allowed;
                    if (sources.Contains(from) != expected || matrix.Allowed(from.Index, to.Index) != expected)
                    {
                        return false;
                    }
                }

                foreach (var port in Probes)
                {
                    var onPort = model.Index.SourcesOf(to, port);
                    if (model.Endpoints.Any(from => onPort.Contains(from) != model.Reach(NetworkAddress.Of(from), NetworkAddress.Of(to), port).Allowed))
                    {
                        return false;
                    }
                }

                if (sources.Count != sources.Members.Count() || sources.Members.Any(s => !sources.Contains(s)))
                {
                    return false;
                }

                // Members come in ordinal namespace/name order; Intersect and Except are the set operations.
                var ids = sources.Members.Select(m => m.Id).ToList();
                if (!ids.SequenceEqual(ids.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                {
                    return false;
                }

                var inN0 = model.Index.Where(e => e.Namespace == "n0");
                if (model.Endpoints.Any(e => sources.Intersect(inN0).Contains(e) != (sources.Contains(e) && e.Namespace == "n0") ||
                                             sources.Except(inN0).Contains(e) != (sources.Contains(e) && e.Namespace != "n0")))
                {
                    return false;
                }
            }

            return true;
        }, iter: 2000);
    }

    [Fact]
    public void Random_clusters_exercise_both_answers()
    {
        // Guards the property above against a generator that only ever produces open (or closed) clusters.
        var allowed = 0;
        var denied = 0;
        Clusters.Sample(inventory =>
        {
            var model = NetworkModel.Build(inventory);
            foreach (var to in model.Endpoints)
            {
                var n = model.Index.SourcesOf(to).Count;
                allowed += n;
                denied += model.Endpoints.Count - n;
            }
        }, iter: 300);
        Assert.True(allowed > 100, $"allowed pairs: {allowed}");
        Assert.True(denied > 100, $"denied pairs: {denied}");
    }

    private static KubeObject Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return KubeObject.Create(doc.RootElement.Clone());
    }
}
