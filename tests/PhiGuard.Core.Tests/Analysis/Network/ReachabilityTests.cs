using PhiGuard.Core.Analysis.Network;
using static PhiGuard.Core.Tests.Analysis.Network.Cluster;

namespace PhiGuard.Core.Tests.Analysis.Network;

/// <summary>
/// NetworkPolicy v1 semantics, one rule per test with an allow case and a deny case each.
/// </summary>
public sealed class ReachabilityTests
{
    [Fact]
    public void Unselected_pods_are_not_isolated_and_selected_pods_are()
    {
        var open = With();
        Assert.True(open.Allows("web/portal", "ehr/db", "5432"));

        var isolated = With(Ingress("ehr", "db", "[]"));
        Assert.False(isolated.Allows("web/portal", "ehr/db", "5432"));

        // Other pods of the namespace stay open: isolation is per selected pod.
        Assert.True(isolated.Allows("web/portal", "ehr/api", "8443"));
    }

    [Fact]
    public void Policy_types_isolate_only_the_directions_they_name()
    {
        // An Ingress-only policy with no rules on the portal does not touch the portal's egress.
        var ingressOnly = With(Ingress("web", "portal", "[]"));
        Assert.True(ingressOnly.Allows("web/portal", "ehr/db", "5432"));
        Assert.False(ingressOnly.Allows("ehr/db", "web/portal", "80"));

        // An Egress-only policy with no rules isolates egress.
        var egressOnly = With(Egress("web", "portal", "[]"));
        Assert.False(egressOnly.Allows("web/portal", "ehr/db", "5432"));
        Assert.True(egressOnly.Allows("ehr/db", "web/portal", "80"));
    }

    [Fact]
    public void Omitted_policy_types_mean_ingress_plus_egress_only_when_egress_rules_exist()
    {
        var ingressRulesOnly = With("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: web}
            spec:
              podSelector: {matchLabels: {app: portal}}
              ingress:
                - from: [{podSelector: {matchLabels: {app: other}}}]
            """);
        Assert.True(ingressRulesOnly.Allows("web/portal", "ehr/db", "5432")); // egress not isolated
        Assert.False(ingressRulesOnly.Allows("ehr/db", "web/portal", "80")); // ingress isolated

        var withEgressRules = With("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: web}
            spec:
              podSelector: {matchLabels: {app: portal}}
              egress:
                - to: [{podSelector: {matchLabels: {app: other}}}]
            """);
        Assert.False(withEgressRules.Allows("web/portal", "ehr/db", "5432"));
        Assert.True(withEgressRules.Allows("web/portal", "web/other", "80"));
        Assert.False(withEgressRules.Allows("ehr/db", "web/portal", "80")); // Ingress is always implied
    }

    [Fact]
    public void Allows_are_the_union_of_every_policy_that_selects_the_pod()
    {
        var model = With(
            Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: api}}}]", "from-api") + "---\n" +
            Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: portal}}}]", "from-portal"));
        Assert.True(model.Allows("ehr/api", "ehr/db", "5432"));
        Assert.True(model.Allows("ehr/portal-twin", "ehr/db", "5432"));
        Assert.False(model.Allows("web/other", "ehr/db", "5432"));
        Assert.Equal(["ehr/from-api"], model.Reach("ehr/api", "ehr/db", "5432").Ingress.DecidedBy.Select(p => p.Id));
        Assert.Equal(["ehr/from-api", "ehr/from-portal"], model.Reach("web/other", "ehr/db", "5432").DecidedBy.Select(p => p.Id));
    }

    [Fact]
    public void Pod_selector_match_labels()
    {
        var model = With(Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: api}}}]"));
        Assert.True(model.Allows("ehr/api", "ehr/db", "5432"));
        Assert.False(model.Allows("ehr/portal-twin", "ehr/db", "5432"));
    }

    [Theory]
    [InlineData("{key: app, operator: In, values: [api]}", "ehr/api", "ehr/portal-twin")]
    [InlineData("{key: app, operator: NotIn, values: [portal]}", "ehr/api", "ehr/portal-twin")]
    [InlineData("{key: tier, operator: Exists}", "ehr/api", "ehr/portal-twin")]
    [InlineData("{key: tier, operator: DoesNotExist}", "ehr/portal-twin", "ehr/api")]
    public void Pod_selector_match_expressions(string expression, string allowed, string denied)
    {
        var model = With(Ingress("ehr", "db", $"- from: [{{podSelector: {{matchExpressions: [{expression}]}}}}]"));
        Assert.True(model.Allows(allowed, "ehr/db", "5432"));
        Assert.False(model.Allows(denied, "ehr/db", "5432"));
    }

    [Fact]
    public void Namespace_selector_alone_admits_every_pod_of_matching_namespaces()
    {
        var model = With(Ingress("ehr", "db", "- from: [{namespaceSelector: {matchExpressions: [{key: env, operator: DoesNotExist}], matchLabels: {team: web}}}]"));
        Assert.True(model.Allows("web/portal", "ehr/db", "5432"));
        Assert.True(model.Allows("web/other", "ehr/db", "5432"));
        Assert.False(model.Allows("dev/portal", "ehr/db", "5432"));
        Assert.False(model.Allows("ehr/api", "ehr/db", "5432")); // not its own namespace either
    }

    [Fact]
    public void Namespace_and_pod_selector_in_one_peer_must_both_match()
    {
        var model = With(Ingress("ehr", "db", "- from: [{namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: portal}}}]"));
        Assert.True(model.Allows("web/portal", "ehr/db", "5432"));
        Assert.True(model.Allows("dev/portal", "ehr/db", "5432"));
        Assert.False(model.Allows("web/other", "ehr/db", "5432")); // namespace matches, pod does not
        Assert.False(model.Allows("ehr/portal-twin", "ehr/db", "5432")); // pod matches, namespace does not
    }

    [Fact]
    public void Separate_peers_are_alternatives()
    {
        var model = With(Ingress("ehr", "db", """
            - from:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}
                - podSelector: {matchLabels: {app: api}}
            """));
        Assert.True(model.Allows("web/other", "ehr/db", "5432"));
        Assert.True(model.Allows("ehr/api", "ehr/db", "5432"));
        Assert.False(model.Allows("dev/portal", "ehr/db", "5432"));
        Assert.False(model.Allows("ehr/portal-twin", "ehr/db", "5432"));
    }

    [Fact]
    public void Pod_selector_alone_means_the_policys_own_namespace()
    {
        var model = With(Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: portal}}}]"));
        Assert.True(model.Allows("ehr/portal-twin", "ehr/db", "5432"));
        Assert.False(model.Allows("web/portal", "ehr/db", "5432"));
    }

    [Fact]
    public void Namespaces_match_on_the_automatic_metadata_name_label()
    {
        // The Namespace objects above do not carry kubernetes.io/metadata.name; the API server always sets it.
        var model = With(Ingress("ehr", "db", "- from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}}]"));
        Assert.True(model.Allows("dev/portal", "ehr/db", "5432"));
        Assert.False(model.Allows("web/portal", "ehr/db", "5432"));
    }

    [Fact]
    public void Ip_block_admits_its_cidr_minus_the_exceptions()
    {
        var model = With(Ingress("ehr", "db", "- from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]"));
        Assert.True(model.Allows("10.2.3.4", "ehr/db", "5432"));
        Assert.False(model.Allows("10.1.2.3", "ehr/db", "5432"));
        Assert.False(model.Allows("192.168.1.1", "ehr/db", "5432"));
        Assert.False(model.Allows("web/portal", "ehr/db", "5432")); // a workload has no known pod IP
    }

    [Fact]
    public void Ip_block_accepts_ipv6_and_non_canonical_cidrs()
    {
        var model = With(Egress("ehr", "api", "- to: [{ipBlock: {cidr: '2001:db8::1/32'}}, {ipBlock: {cidr: 10.9.9.9/24}}]"));
        Assert.True(model.Allows("ehr/api", "2001:db8:1::5", "443"));
        Assert.False(model.Allows("ehr/api", "2001:db9::5", "443"));
        Assert.True(model.Allows("ehr/api", "10.9.9.1", "443"));
        Assert.False(model.Allows("ehr/api", "10.9.8.1", "443"));
    }

    [Fact]
    public void Ports_by_number()
    {
        var model = With(Ingress("ehr", "db", "- ports: [{port: 5432}]"));
        Assert.True(model.Allows("web/portal", "ehr/db", "5432"));
        Assert.False(model.Allows("web/portal", "ehr/db", "5433"));
    }

    [Fact]
    public void Ports_by_container_port_name_resolve_on_the_destination()
    {
        var model = With(Ingress("ehr", "db", "- ports: [{port: pg}]") + "---\n" + Ingress("ehr", "api", "- ports: [{port: pg}]", "api"));
        Assert.True(model.Allows("web/portal", "ehr/db", "5432"));
        Assert.False(model.Allows("web/portal", "ehr/db", "9187"));
        Assert.False(model.Allows("web/portal", "ehr/api", "5432")); // api has no port named pg
    }

    [Fact]
    public void Named_egress_ports_resolve_on_the_destination_pod_and_never_on_an_address()
    {
        var model = With(Egress("web", "portal", "- ports: [{port: https}]"));
        Assert.True(model.Allows("web/portal", "ehr/api", "8443"));
        Assert.False(model.Allows("web/portal", "ehr/db", "8443"));
        Assert.False(model.Allows("web/portal", "8.8.8.8", "8443"));
    }

    [Theory]
    [InlineData("UDP", "53/UDP", "53/TCP")]
    [InlineData("TCP", "53/TCP", "53/UDP")]
    [InlineData("SCTP", "53/SCTP", "53/TCP")]
    public void Protocols_are_matched(string protocol, string allowed, string denied)
    {
        var model = With(Ingress("ehr", "db", $"- ports: [{{port: 53, protocol: {protocol}}}]"));
        Assert.True(model.Allows("web/portal", "ehr/db", allowed));
        Assert.False(model.Allows("web/portal", "ehr/db", denied));
    }

    [Fact]
    public void Protocol_defaults_to_tcp_and_a_port_without_number_is_every_port_of_its_protocol()
    {
        var model = With(Ingress("ehr", "db", "- ports: [{port: 5432}, {protocol: UDP}]"));
        Assert.True(model.Allows("web/portal", "ehr/db", "5432/TCP"));
        Assert.False(model.Allows("web/portal", "ehr/db", "5432/SCTP"));
        Assert.True(model.Allows("web/portal", "ehr/db", "1234/UDP"));
        Assert.False(model.Allows("web/portal", "ehr/db", "1234/TCP"));
    }

    [Fact]
    public void End_port_makes_a_range()
    {
        var model = With(Ingress("ehr", "db", "- ports: [{port: 8000, endPort: 8100}]"));
        Assert.True(model.Allows("web/portal", "ehr/db", "8000"));
        Assert.True(model.Allows("web/portal", "ehr/db", "8100"));
        Assert.False(model.Allows("web/portal", "ehr/db", "8101"));
        Assert.False(model.Allows("web/portal", "ehr/db", "7999"));
    }

    [Fact]
    public void Missing_or_empty_from_admits_every_source_but_no_rules_admit_none()
    {
        var missing = With(Ingress("ehr", "db", "- ports: [{port: 5432}]"));
        var empty = With(Ingress("ehr", "db", "- from: []"));
        var allowAll = With(Ingress("ehr", "db", "- {}"));
        foreach (var m in new[] { missing, empty, allowAll })
        {
            Assert.True(m.Allows("dev/portal", "ehr/db", "5432"));
            Assert.True(m.Allows("203.0.113.9", "ehr/db", "5432"));
        }

        var none = With(Ingress("ehr", "db", "[]"));
        Assert.False(none.Allows("dev/portal", "ehr/db", "5432"));
        Assert.False(none.Allows("203.0.113.9", "ehr/db", "5432"));
    }

    [Fact]
    public void Missing_or_empty_ports_admit_every_port_and_protocol()
    {
        var model = With(Ingress("ehr", "db", "- from: [{podSelector: {}}]\n  ports: []"));
        Assert.True(model.Allows("ehr/api", "ehr/db", "1/TCP"));
        Assert.True(model.Allows("ehr/api", "ehr/db", "65535/SCTP"));
        Assert.False(model.Allows("web/portal", "ehr/db", "5432"));
    }

    [Fact]
    public void Missing_or_empty_to_admits_every_destination_but_no_egress_rules_admit_none()
    {
        var empty = With(Egress("ehr", "api", "- to: []\n  ports: [{port: 443}]"));
        Assert.True(empty.Allows("ehr/api", "8.8.8.8", "443"));
        Assert.True(empty.Allows("ehr/api", "web/portal", "443"));
        Assert.False(empty.Allows("ehr/api", "8.8.8.8", "80"));

        var none = With(Egress("ehr", "api", "[]"));
        Assert.False(none.Allows("ehr/api", "8.8.8.8", "443"));
    }

    [Fact]
    public void Traffic_needs_both_the_sources_egress_and_the_destinations_ingress()
    {
        var ingressAllows = Ingress("ehr", "db", "- from: [{namespaceSelector: {matchLabels: {team: web}}}]", "db-in");
        var egressAllows = Egress("web", "portal", "- to: [{namespaceSelector: {matchLabels: {team: records}}}]", "portal-out");
        var egressDenies = Egress("web", "portal", "[]", "portal-out");
        var ingressDenies = Ingress("ehr", "db", "[]", "db-in");

        var both = With(ingressAllows + "---\n" + egressAllows);
        Assert.True(both.Allows("web/portal", "ehr/db", "5432"));
        var r = both.Reach("web/portal", "ehr/db", "5432");
        Assert.Equal(["ehr/db-in", "web/portal-out"], r.DecidedBy.Select(p => p.Id));

        var egressRefuses = With(ingressAllows + "---\n" + egressDenies);
        var e = egressRefuses.Reach("web/portal", "ehr/db", "5432");
        Assert.False(e.Allowed);
        Assert.True(e.Ingress.Allowed);
        Assert.False(e.Egress.Allowed);
        Assert.Equal(["web/portal-out"], e.DecidedBy.Select(p => p.Id));

        var ingressRefuses = With(egressAllows + "---\n" + ingressDenies);
        var i = ingressRefuses.Reach("web/portal", "ehr/db", "5432");
        Assert.False(i.Allowed);
        Assert.True(i.Egress.Allowed);
        Assert.Equal(["ehr/db-in"], i.DecidedBy.Select(p => p.Id));
    }

    [Fact]
    public void Any_port_question_needs_a_port_both_sides_admit()
    {
        var model = With(
            Ingress("ehr", "db", "- ports: [{port: 5432}]") + "---\n" + Egress("web", "portal", "- ports: [{port: 443}]") + "---\n" +
            Egress("web", "other", "- ports: [{port: 5000, endPort: 6000}]", "e2"));
        Assert.False(model.Reach("web/portal", "ehr/db").Allowed);
        var ok = model.Reach("web/other", "ehr/db");
        Assert.True(ok.Allowed);
        Assert.Equal([new PortRange("TCP", 5432, 5432)], ok.Ports);
    }

    [Fact]
    public void Cloud_metadata_address_is_an_external_peer()
    {
        var open = With(Egress("ehr", "api", "- to: [{ipBlock: {cidr: 0.0.0.0/0}}]"));
        Assert.True(open.Allows("ehr/api", "169.254.169.254", "80"));
        var blocked = With(Egress("ehr", "api", "- to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]"));
        Assert.False(blocked.Allows("ehr/api", "169.254.169.254", "80"));
        Assert.True(blocked.Allows("ehr/api", "1.1.1.1", "443"));
    }

    [Fact]
    public void Pods_are_endpoints_and_owned_pods_are_not_counted_twice()
    {
        var model = With("""
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: web, labels: {app: debug}}
            spec:
              containers: [{name: sh, image: busybox}]
            status: {podIP: 10.244.1.7}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: db-5d9c-x
              namespace: ehr
              labels: {app: db}
              ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: db, controller: true}]
            spec:
              containers: [{name: pg, image: postgres}]
            ---
            """ + "\n" + Ingress("ehr", "db", "- from: [{ipBlock: {cidr: 10.244.0.0/16}}]"));
        Assert.Single(model.Find("ehr/db"));
        Assert.Empty(model.Find("ehr/db-5d9c-x"));
        Assert.True(model.Allows("web/debug", "ehr/db", "5432")); // a running Pod's IP matches ipBlocks
        Assert.False(model.Allows("web/portal", "ehr/db", "5432"));
    }

    [Fact]
    public void Bad_cidr_is_reported_and_matches_nothing()
    {
        var model = With(Ingress("ehr", "db", "- from: [{ipBlock: {cidr: not-a-cidr}}]"));
        Assert.Contains(model.Problems, p => p.Contains("ehr/p spec.ingress[0].from[0].ipBlock.cidr", StringComparison.Ordinal));
        Assert.False(model.Allows("10.0.0.1", "ehr/db", "5432"));
    }

    [Fact]
    public void Matrix_agrees_with_single_queries_on_every_pair()
    {
        var model = With(
            Ingress("ehr", "db", "- from: [{podSelector: {matchLabels: {app: api}}}]\n  ports: [{port: pg}]", "db") + "---\n" +
            Egress("ehr", "api", "- to: [{podSelector: {matchLabels: {tier: data}}}]\n  ports: [{port: 5432}]", "api") + "---\n" +
            Egress("web", "portal", "- ports: [{port: 9187}]", "portal") + "---\n" +
            Ingress("web", "other", "- from: [{namespaceSelector: {matchLabels: {env: dev}}}]", "other"));
        var matrix = ReachMatrix.Compute(model);
        var agreed = 0;
        for (var s = 0; s < model.Endpoints.Count; s++)
        {
            for (var d = 0; d < model.Endpoints.Count; d++)
            {
                var single = model.Reach(NetworkAddress.Of(model.Endpoints[s]), NetworkAddress.Of(model.Endpoints[d])).Allowed;
                Assert.True(single == matrix.Allowed(s, d), $"{model.Endpoints[s]} -> {model.Endpoints[d]}: reach {single}, matrix {matrix.Allowed(s, d)}");
                agreed++;
            }
        }

        Assert.Equal(36, agreed);
        Assert.True(matrix.Allowed(model.Find("ehr/api")[0].Index, model.Find("ehr/db")[0].Index));
        Assert.False(matrix.Allowed(model.Find("web/portal")[0].Index, model.Find("ehr/db")[0].Index)); // 9187 out, 5432 in
        Assert.True(matrix.Allowed(model.Find("dev/portal")[0].Index, model.Find("web/other")[0].Index));
        Assert.False(matrix.Allowed(model.Find("ehr/api")[0].Index, model.Find("web/other")[0].Index));
    }
}
