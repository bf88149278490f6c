using System.Net;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Analysis.Network;

/// <summary>
/// A small cluster for reachability tests: namespaces ehr (PHI), web and dev, and a few workloads with named ports.
/// Each test adds the policies it is about.
/// </summary>
internal static class Cluster
{
    public const string Base = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ehr
          labels: {team: records, phiguard.io/phi: "true"}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: web
          labels: {team: web}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: dev
          labels: {team: web, env: dev}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: db, namespace: ehr}
        spec:
          template:
            metadata: {labels: {app: db, tier: data}}
            spec:
              containers:
                - name: pg
                  image: postgres
                  ports:
                    - {name: pg, containerPort: 5432}
                    - {name: metrics, containerPort: 9187}
                    - {name: sctp-x, containerPort: 3868, protocol: SCTP}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: ehr}
        spec:
          template:
            metadata: {labels: {app: api, tier: app}}
            spec:
              containers:
                - name: api
                  image: api
                  ports:
                    - {name: https, containerPort: 8443}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: portal, namespace: web}
        spec:
          template:
            metadata: {labels: {app: portal}}
            spec:
              containers:
                - {name: portal, image: portal}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: other, namespace: web}
        spec:
          template:
            metadata: {labels: {app: other}}
            spec:
              containers:
                - {name: other, image: other}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: portal, namespace: dev}
        spec:
          template:
            metadata: {labels: {app: portal}}
            spec:
              containers:
                - {name: portal, image: portal}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: portal-twin, namespace: ehr}
        spec:
          template:
            metadata: {labels: {app: portal}}
            spec:
              containers:
                - {name: portal, image: portal}

        """;

    public static NetworkModel With(string policies = "") => NetworkModel.Build(YamlObjects.Inventory(Base + "---\n" + policies));

    public static ReachResult Reach(this NetworkModel model, string from, string to, string? port = null) =>
        model.Reach(Address(model, from), Address(model, to), port is null ? null : TrafficPort.TryParse(port) ?? throw new ArgumentException(port));

    public static bool Allows(this NetworkModel model, string from, string to, string? port = null) =>
        model.Reach(from, to, port).Allowed;

    private static NetworkAddress Address(NetworkModel model, string text) =>
        IPAddress.TryParse(text, out var ip) ? NetworkAddress.Of(ip) : NetworkAddress.Of(model.Find(text).Single());

    /// <summary>An ingress policy in <paramref name="ns"/> selecting <c>app=<paramref name="app"/></c> with the given rules.</summary>
    public static string Ingress(string ns, string app, string rules, string name = "p") => $$$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: {{{name}}}, namespace: {{{ns}}}}
        spec:
          podSelector: {matchLabels: {app: {{{app}}}}}
          policyTypes: [Ingress]
          ingress:
        {{{Indent(rules, 4)}}}

        """;

    /// <summary>An egress policy in <paramref name="ns"/> selecting <c>app=<paramref name="app"/></c> with the given rules.</summary>
    public static string Egress(string ns, string app, string rules, string name = "e") => $$$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: {{{name}}}, namespace: {{{ns}}}}
        spec:
          podSelector: {matchLabels: {app: {{{app}}}}}
          policyTypes: [Egress]
          egress:
        {{{Indent(rules, 4)}}}

        """;

    private static string Indent(string text, int n) =>
        string.Join("\n", text.Trim('\n').Split('\n').Select(l => new string(' ', n) + l));
}
