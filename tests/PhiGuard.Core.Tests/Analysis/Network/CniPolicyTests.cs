using PhiGuard.Core.Analysis.Network;
using static PhiGuard.Core.Tests.Analysis.Network.Cluster;

namespace PhiGuard.Core.Tests.Analysis.Network;

/// <summary>
/// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy and Calico NetworkPolicy / GlobalNetworkPolicy translated into
/// the engine: each construct with an allow case and a deny case, and the index agreeing with the pairwise answer.
/// </summary>
public sealed class CniPolicyTests
{
    private static string Cnp(string ns, string spec, string name = "c") => $$"""
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
        {{Indent(spec)}}

        """;

    private static string Calico(string ns, string spec, string name = "k") => $$"""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
        {{Indent(spec)}}

        """;

    private static string Indent(string text) => string.Join("\n", text.Trim('\n').Split('\n').Select(l => "  " + l));

    /// <summary>The pairwise answer, checked against the index (for pod destinations) so both paths are exercised.</summary>
    private static bool Allows(NetworkModel model, string from, string to, string? port = null)
    {
        var allowed = model.Reach(from, to, port).Allowed;
        if (!System.Net.IPAddress.TryParse(from, out _) && !System.Net.IPAddress.TryParse(to, out _))
        {
            var src = model.Find(from).Single();
            var dst = model.Find(to).Single();
            var p = port is null ? (TrafficPort?)null : TrafficPort.TryParse(port);
            Assert.Equal(allowed, model.Index.SourcesOf(dst, p).Contains(src));
        }

        return allowed;
    }

    [Fact]
    public void Cilium_endpoint_selectors_stay_in_the_policy_namespace()
    {
        var m = With(Cnp("ehr", """
            endpointSelector: {matchLabels: {app: db}}
            ingress:
              - fromEndpoints: [{matchLabels: {"k8s:app": api}}]
            """));
        Assert.True(Allows(m, "ehr/api", "ehr/db"));
        Assert.False(Allows(m, "ehr/portal-twin", "ehr/db"));
        Assert.True(Allows(m, "ehr/api", "ehr/portal-twin")); // not selected
    }

    [Fact]
    public void Cilium_namespace_label_reaches_across_namespaces()
    {
        var m = With(Cnp("ehr", """
            endpointSelector: {matchLabels: {app: db}}
            ingress:
              - fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": web, app: portal}}]
            """));
        Assert.True(Allows(m, "web/portal", "ehr/db"));
        Assert.False(Allows(m, "dev/portal", "ehr/db"));
        Assert.False(Allows(m, "ehr/portal-twin", "ehr/db"));
    }

    [Fact]
    public void Cilium_entities_world_and_cluster()
    {
        var world = With(Cnp("web", """
            endpointSelector: {matchLabels: {app: portal}}
            egress:
              - toEntities: [world]
            """));
        Assert.True(Allows(world, "web/portal", "8.8.8.8"));
        Assert.False(Allows(world, "web/portal", "ehr/db"));

        var cluster = With(Cnp("web", """
            endpointSelector: {matchLabels: {app: portal}}
            egress:
              - toEntities: [cluster]
            """));
        Assert.True(Allows(cluster, "web/portal", "ehr/db"));
        Assert.False(Allows(cluster, "web/portal", "8.8.8.8"));
    }

    [Fact]
    public void Cilium_cidr_and_cidr_set_with_except()
    {
        var m = With(Cnp("web", """
            endpointSelector: {matchLabels: {app: portal}}
            egress:
              - toCIDR: [192.168.1.0/24]
              - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]
            """));
        Assert.True(Allows(m, "web/portal", "192.168.1.5"));
        Assert.False(Allows(m, "web/portal", "192.168.2.5"));
        Assert.True(Allows(m, "web/portal", "10.2.3.4"));
        Assert.False(Allows(m, "web/portal", "10.1.2.3"));
    }

    [Fact]
    public void Cilium_to_ports_by_number_protocol_and_name()
    {
        var m = With(Cnp("ehr", """
            endpointSelector: {matchLabels: {app: db}}
            ingress:
              - fromEndpoints: [{}]
                toPorts: [{ports: [{port: "5432", protocol: TCP}, {port: metrics, protocol: TCP}]}]
            """));
        Assert.True(Allows(m, "ehr/api", "ehr/db", "5432"));
        Assert.True(Allows(m, "ehr/api", "ehr/db", "9187"));
        Assert.False(Allows(m, "ehr/api", "ehr/db", "5432/UDP"));
        Assert.False(Allows(m, "ehr/api", "ehr/db", "3868/SCTP"));
        Assert.False(Allows(m, "web/portal", "ehr/db", "5432")); // {} is the policy's namespace only
    }

    [Fact]
    public void Cilium_ingress_deny_wins_over_allow()
    {
        var m = With(
            Cnp("ehr", """
                endpointSelector: {matchLabels: {app: db}}
                ingress:
                  - fromEntities: [cluster]
                """, "allow") + "---\n" +
            Cnp("ehr", """
                endpointSelector: {matchLabels: {app: db}}
                ingressDeny:
                  - fromEndpoints: [{matchLabels: {app: api}}]
                """, "deny"));
        Assert.False(Allows(m, "ehr/api", "ehr/db"));
        Assert.True(Allows(m, "ehr/portal-twin", "ehr/db"));
        Assert.Equal(["ehr/deny"], m.Reach("ehr/api", "ehr/db").Ingress.DecidedBy.Select(p => p.Id));
    }

    [Fact]
    public void Cilium_egress_deny_cuts_out_of_an_allow()
    {
        var m = With(Cnp("web", """
            endpointSelector: {matchLabels: {app: portal}}
            egress:
              - toEntities: [world]
            egressDeny:
              - toCIDR: [8.8.8.0/24]
            """));
        Assert.False(Allows(m, "web/portal", "8.8.8.8"));
        Assert.True(Allows(m, "web/portal", "1.1.1.1"));
    }

    [Fact]
    public void Cilium_default_deny_only_in_directions_with_a_section()
    {
        var m = With(Cnp("web", """
            endpointSelector: {matchLabels: {app: portal}}
            egress:
              - toEndpoints: [{matchLabels: {app: other}}]
            """));
        Assert.True(Allows(m, "ehr/db", "web/portal")); // ingress untouched
        Assert.False(Allows(m, "web/portal", "ehr/db")); // egress default-deny
        Assert.True(Allows(m, "web/portal", "web/other"));
    }

    [Fact]
    public void Cilium_rule_with_only_ports_admits_every_peer_and_an_empty_rule_none()
    {
        var ports = With(Cnp("ehr", """
            endpointSelector: {matchLabels: {app: db}}
            ingress:
              - toPorts: [{ports: [{port: "5432"}]}]
            """));
        Assert.True(Allows(ports, "web/portal", "ehr/db", "5432"));
        Assert.False(Allows(ports, "web/portal", "ehr/db", "9187"));

        var empty = With(Cnp("ehr", """
            endpointSelector: {matchLabels: {app: db}}
            ingress: [{}]
            """));
        Assert.False(Allows(empty, "ehr/api", "ehr/db"));
    }

    [Fact]
    public void Cilium_clusterwide_policy_selects_and_matches_every_namespace()
    {
        var m = With("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: portal-only}
            spec:
              endpointSelector: {matchLabels: {app: db}}
              ingress:
                - fromEndpoints: [{matchLabels: {app: portal}}]
            """);
        Assert.True(Allows(m, "web/portal", "ehr/db"));
        Assert.True(Allows(m, "dev/portal", "ehr/db"));
        Assert.False(Allows(m, "web/other", "ehr/db"));
        Assert.Equal(["portal-only"], m.Reach("web/other", "ehr/db").Ingress.DecidedBy.Select(p => p.Id));
    }

    [Fact]
    public void Cilium_allows_add_to_networkpolicy_allows()
    {
        var m = With(
            Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: api}}}]") + "---\n" +
            Cnp("ehr", """
                endpointSelector: {matchLabels: {app: db}}
                ingress:
                  - fromEndpoints: [{matchLabels: {app: portal}}]
                """));
        Assert.True(Allows(m, "ehr/api", "ehr/db"));
        Assert.True(Allows(m, "ehr/portal-twin", "ehr/db"));
        Assert.False(Allows(m, "web/other", "ehr/db"));
    }

    [Theory]
    [InlineData("app == 'api'", "ehr/api", "ehr/portal-twin")]
    [InlineData("app != 'api'", "ehr/portal-twin", "ehr/api")]
    [InlineData("has(tier)", "ehr/api", "ehr/portal-twin")]
    [InlineData("!has(tier)", "ehr/portal-twin", "ehr/api")]
    [InlineData("app in {'api', 'x'}", "ehr/api", "ehr/portal-twin")]
    [InlineData("app not in {'api'}", "ehr/portal-twin", "ehr/api")]
    [InlineData("app == 'api' && tier == 'app'", "ehr/api", "ehr/portal-twin")]
    [InlineData("app == 'portal' || tier == 'none'", "ehr/portal-twin", "ehr/api")]
    [InlineData("all()", "ehr/api", "web/portal")]
    public void Calico_selector_expressions(string selector, string allowed, string denied)
    {
        var m = With(Calico("ehr", $$"""
            selector: app == 'db'
            ingress:
              - action: Allow
                source: {selector: "{{selector}}"}
            """));
        Assert.True(Allows(m, allowed, "ehr/db"));
        Assert.False(Allows(m, denied, "ehr/db"));
        Assert.Empty(m.Problems);
    }

    [Fact]
    public void Calico_namespace_selector()
    {
        var m = With(Calico("ehr", """
            selector: app == 'db'
            ingress:
              - action: Allow
                source: {namespaceSelector: team == 'web'}
            """));
        Assert.True(Allows(m, "web/portal", "ehr/db"));
        Assert.True(Allows(m, "dev/portal", "ehr/db"));
        Assert.False(Allows(m, "ehr/api", "ehr/db"));
    }

    [Fact]
    public void Calico_order_decides_between_deny_and_allow()
    {
        string Policies(int denyOrder) =>
            Calico("ehr", $$"""
                order: {{denyOrder}}
                selector: app == 'db'
                ingress:
                  - action: Deny
                    source: {selector: app == 'api'}
                """, "deny") + "---\n" +
            Calico("ehr", """
                order: 200
                selector: app == 'db'
                ingress:
                  - action: Allow
                """, "allow");
        var denyFirst = With(Policies(100));
        Assert.False(Allows(denyFirst, "ehr/api", "ehr/db"));
        Assert.True(Allows(denyFirst, "ehr/portal-twin", "ehr/db"));
        var allowFirst = With(Policies(300));
        Assert.True(Allows(allowFirst, "ehr/api", "ehr/db"));
    }

    [Fact]
    public void Calico_pass_hands_traffic_to_the_profile_and_log_decides_nothing()
    {
        var m = With(
            Calico("ehr", """
                order: 10
                selector: app == 'db'
                ingress:
                  - action: Log
                  - action: Pass
                    source: {namespaceSelector: team == 'web'}
                """, "pass") + "---\n" +
            Calico("ehr", """
                order: 20
                selector: app == 'db'
                ingress:
                  - action: Deny
                """, "deny"));
        Assert.True(Allows(m, "web/portal", "ehr/db"));
        Assert.False(Allows(m, "ehr/api", "ehr/db"));

        var logOnly = With(Calico("ehr", """
            selector: app == 'db'
            ingress:
              - action: Log
            """));
        Assert.False(Allows(logOnly, "ehr/api", "ehr/db"));
    }

    [Fact]
    public void Calico_nets_and_not_nets()
    {
        var m = With(Calico("web", """
            selector: app == 'portal'
            types: [Egress]
            egress:
              - action: Allow
                destination: {nets: [10.0.0.0/8], notNets: [10.1.0.0/16]}
            """));
        Assert.True(Allows(m, "web/portal", "10.2.0.1"));
        Assert.False(Allows(m, "web/portal", "10.1.0.1"));
        Assert.False(Allows(m, "web/portal", "ehr/db"));
    }

    [Fact]
    public void Calico_ports_numbers_ranges_and_names()
    {
        var m = With(Calico("ehr", """
            selector: app == 'db'
            ingress:
              - action: Allow
                protocol: TCP
                destination: {ports: [5432, "9100:9200"]}
              - action: Allow
                protocol: SCTP
                destination: {ports: [sctp-x]}
            """));
        Assert.True(Allows(m, "ehr/api", "ehr/db", "5432"));
        Assert.True(Allows(m, "ehr/api", "ehr/db", "9187"));
        Assert.True(Allows(m, "ehr/api", "ehr/db", "3868/SCTP"));
        Assert.False(Allows(m, "ehr/api", "ehr/db", "5432/UDP"));
        Assert.False(Allows(m, "ehr/api", "ehr/db", "80"));
    }

    [Fact]
    public void Calico_global_policy_selects_in_every_namespace()
    {
        var m = With("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: portal-to-db}
            spec:
              selector: app == 'db'
              types: [Ingress]
              ingress:
                - action: Allow
                  source: {selector: app == 'portal'}
            """);
        Assert.True(Allows(m, "web/portal", "ehr/db"));
        Assert.False(Allows(m, "web/other", "ehr/db"));
    }

    [Fact]
    public void Calico_types_default_from_the_rules()
    {
        var egressOnly = With(Calico("web", """
            selector: app == 'portal'
            egress:
              - action: Allow
                destination: {selector: app == 'other'}
            """));
        Assert.True(Allows(egressOnly, "ehr/db", "web/portal")); // ingress not isolated
        Assert.False(Allows(egressOnly, "web/portal", "ehr/db"));
        Assert.True(Allows(egressOnly, "web/portal", "web/other"));
    }

    [Fact]
    public void Calico_orders_networkpolicies_at_1000()
    {
        string Policies(int order) =>
            Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: api}}}]") + "---\n" +
            Calico("ehr", $$"""
                order: {{order}}
                selector: app == 'db'
                ingress:
                  - action: Deny
                """);
        Assert.False(Allows(With(Policies(500)), "ehr/api", "ehr/db"));
        Assert.True(Allows(With(Policies(2000)), "ehr/api", "ehr/db"));
    }

    [Fact]
    public void Calico_selector_outside_the_subset_is_reported_and_matches_nothing()
    {
        var m = With(Calico("ehr", """
            selector: app == 'db'
            ingress:
              - action: Allow
                source: {selector: "app contains 'a'"}
            """));
        Assert.False(Allows(m, "ehr/api", "ehr/db"));
        Assert.Contains(m.Problems, p => p.Contains("outside the modelled selector subset", StringComparison.Ordinal));
    }
}
