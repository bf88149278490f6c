using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Reads cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (L3/L4 only) into policy models: an
/// endpoint selected by a rule with an <c>ingress</c>/<c>ingressDeny</c> (or egress) section is default-deny in that
/// direction; allows are a union, deny rules win over every allow; peers are endpoints (by labels, the namespace as
/// <c>k8s:io.kubernetes.pod.namespace</c>), entities (world, cluster, all) and CIDRs (with except); ports from
/// <c>toPorts</c>. What is not modelled is listed in docs/network.md.
/// </summary>
internal static class CiliumPolicyReader
{
    public const string NamespaceKey = "io.kubernetes.pod.namespace";
    public const string NamespaceLabelPrefix = "io.cilium.k8s.namespace.labels.";

    private static readonly IPNetwork[] World = [new(IPAddress.Any, 0), new(IPAddress.IPv6Any, 0)];

    public static IEnumerable<PolicyModel> Read(KubeObject policy, List<string> problems)
    {
        var clusterwide = policy.Kind == "CiliumClusterwideNetworkPolicy";
        var ns = clusterwide ? string.Empty : policy.Namespace ?? "default";
        var specs = new List<(JsonElement Spec, string Path)>();
        if (policy.Json.GetObject("spec") is { } one)
        {
            specs.Add((one, "spec"));
        }

        var i = 0;
        foreach (var s in policy.Json.GetArray("specs"))
        {
            specs.Add((s, $"specs[{i++}]"));
        }

        foreach (var (spec, path) in specs)
        {
            if (spec.GetObject("nodeSelector") is not null)
            {
                problems.Add($"{policy.Kind} {Id(policy, ns)} {path}.nodeSelector: host policies are not modelled; the rule is ignored");
                continue;
            }

            var selector = Selector(spec.GetObject("endpointSelector"), clusterwide ? null : ns);
            var ingress = Rules(policy, ns, clusterwide, spec, path, "ingress", "from", RuleAction.Allow, problems)
                .Concat(Rules(policy, ns, clusterwide, spec, path, "ingressDeny", "from", RuleAction.Deny, problems)).ToList();
            var egress = Rules(policy, ns, clusterwide, spec, path, "egress", "to", RuleAction.Allow, problems)
                .Concat(Rules(policy, ns, clusterwide, spec, path, "egressDeny", "to", RuleAction.Deny, problems)).ToList();

            // Default deny per direction once the rule has a section for it, unless enableDefaultDeny says otherwise.
            var isolatesIngress = (spec.Has("ingress") || spec.Has("ingressDeny")) && spec.GetObject("enableDefaultDeny")?.GetBool("ingress") != false;
            var isolatesEgress = (spec.Has("egress") || spec.Has("egressDeny")) && spec.GetObject("enableDefaultDeny")?.GetBool("egress") != false;
            yield return new PolicyModel(policy, ns, selector.IsEmptySelector ? LabelSelector.Everything : LabelSelector.Nothing,
                isolatesIngress, isolatesEgress, isolatesIngress ? ingress : [], isolatesEgress ? egress : [])
            {
                Clusterwide = clusterwide,
                EndpointSelector = selector.Matches,
            };
        }
    }

    private static string Id(KubeObject policy, string ns) => ns.Length == 0 ? policy.Name : $"{ns}/{policy.Name}";

    private static List<PolicyRule> Rules(KubeObject policy, string ns, bool clusterwide, JsonElement spec, string specPath,
        string field, string prefix, RuleAction action, List<string> problems)
    {
        var rules = new List<PolicyRule>();
        var i = 0;
        foreach (var rule in spec.GetArray(field))
        {
            var path = $"{specPath}.{field}[{i++}]";
            var peers = new List<PolicyPeer>();
            var hasL3 = false;
            foreach (var sel in rule.GetArray(prefix + "Endpoints"))
            {
                hasL3 = true;
                var s = Selector(sel, clusterwide ? null : ns);
                peers.Add(PolicyPeer.Custom(ns, $"endpoints {s}", (pod, nsLabels) => s.Matches(pod, nsLabels), _ => false));
            }

            foreach (var entity in rule.GetArray(prefix + "Entities"))
            {
                hasL3 = true;
                var name = entity.ValueKind == JsonValueKind.String ? entity.GetString()! : entity.GetRawText();
                switch (name)
                {
                    case "all":
                        peers.Add(PolicyPeer.Everything(ns));
                        break;
                    case "world" or "world-ipv4" or "world-ipv6":
                        var v4 = name != "world-ipv6";
                        var v6 = name != "world-ipv4";
                        peers.Add(PolicyPeer.Custom(ns, $"entity {name}", (_, _) => false,
                            ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : v6));
                        break;
                    case "cluster":
                        peers.Add(PolicyPeer.Custom(ns, "entity cluster", (_, _) => true, _ => false));
                        break;
                    default:
                        problems.Add($"{policy.Kind} {Id(policy, ns)} {path}.{prefix}Entities: entity '{name}' is not modelled (matches no workload or address here)");
                        break;
                }
            }

            foreach (var cidr in rule.GetArray(prefix + "CIDR"))
            {
                hasL3 = true;
                if (NetworkPolicyReader.ParseCidr(cidr.ValueKind == JsonValueKind.String ? cidr.GetString() : null) is { } net)
                {
                    peers.Add(CidrPeer(ns, net, []));
                }
                else
                {
                    problems.Add($"{policy.Kind} {Id(policy, ns)} {path}.{prefix}CIDR: '{cidr}' is not a CIDR; it is ignored");
                }
            }

            foreach (var set in rule.GetArray(prefix + "CIDRSet"))
            {
                hasL3 = true;
                if (NetworkPolicyReader.ParseCidr(set.GetString("cidr")) is { } net)
                {
                    var except = set.GetArray("except").Select(e => NetworkPolicyReader.ParseCidr(e.ValueKind == JsonValueKind.String ? e.GetString() : null))
                        .OfType<IPNetwork>().ToList();
                    peers.Add(CidrPeer(ns, net, except));
                }
                else
                {
                    problems.Add($"{policy.Kind} {Id(policy, ns)} {path}.{prefix}CIDRSet: '{set.GetString("cidr")}' is not a CIDR (a cidrGroupRef is not modelled); it is ignored");
                }
            }

            if (prefix == "to" && rule.GetArray("toFQDNs").Any())
            {
                // Names cannot be resolved offline: an allow to names is read as an allow to every external address,
                // the conservative reading (it over-states what may be reached, never under-states it).
                hasL3 = true;
                peers.Add(PolicyPeer.Custom(ns, "toFQDNs (any external address)", (_, _) => false, _ => true));
                problems.Add($"{policy.Kind} {Id(policy, ns)} {path}.toFQDNs: DNS names are not modelled; read as any external address");
            }

            if (prefix == "to" && rule.GetArray("toServices").Any())
            {
                hasL3 = true;
                peers.Add(PolicyPeer.Everything(ns));
                problems.Add($"{policy.Kind} {Id(policy, ns)} {path}.toServices: services are not modelled; read as any destination");
            }

            var ports = Ports(rule);
            if (!hasL3 && ports is null)
            {
                // A rule with neither peers nor ports selects no traffic (it does not mean "everything" as in NetworkPolicy).
                continue;
            }

            if (action == RuleAction.Deny && peers.Count == 0 && hasL3)
            {
                continue;
            }

            rules.Add(new PolicyRule(hasL3 ? peers : null, ports, path) { Action = action });
        }

        return rules;
    }

    private static PolicyPeer CidrPeer(string ns, IPNetwork net, List<IPNetwork> except) =>

        // CIDR rules select addresses outside the cluster; Cilium matches its own endpoints by identity, not IP.
        PolicyPeer.Custom(ns, except.Count == 0 ? $"cidr {net}" : $"cidr {net} except {string.Join(",", except)}", (_, _) => false,
            ip => net.Contains(ip) && !except.Any(e => e.Contains(ip)));

    private static List<PolicyPort>? Ports(JsonElement rule)
    {
        List<PolicyPort>? ports = null;
        foreach (var tp in rule.GetArray("toPorts"))
        {
            var list = tp.GetArray("ports").ToList();
            if (list.Count == 0)
            {
                // toPorts with only L7 rules: every port (the L7 part is not modelled).
                ports ??= [];
                ports.AddRange(TrafficPort.Protocols.Select(p => new PolicyPort(p, null, null, null)));
                continue;
            }

            foreach (var p in list)
            {
                ports ??= [];
                var protocol = p.GetString("protocol")?.ToUpperInvariant() ?? "ANY";
                var text = p.TryGetProperty("port", out var v) ? (v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()) : null;
                int? number = null;
                string? name = null;
                if (text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    number = n == 0 ? null : n;
                }
                else if (!string.IsNullOrEmpty(text))
                {
                    name = text;
                }

                int? end = p.TryGetProperty("endPort", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var en) ? en : null;
                foreach (var proto in protocol == "ANY" ? TrafficPort.Protocols : [protocol])
                {
                    ports.Add(new PolicyPort(proto, number, name, number is null ? null : end));
                }
            }
        }

        return ports;
    }

    /// <summary>
    /// A Cilium endpoint selector as a matcher: keys lose their <c>k8s:</c>/<c>any:</c> source prefix; a namespaced
    /// policy's selector is limited to its namespace unless it names <c>io.kubernetes.pod.namespace</c>.
    /// </summary>
    internal static CiliumSelector Selector(JsonElement? selector, string? policyNamespace)
    {
        if (selector is not { ValueKind: JsonValueKind.Object } s)
        {
            return new CiliumSelector(LabelSelector.Everything, policyNamespace, true);
        }

        var node = JsonNode.Parse(s.GetRawText())!.AsObject();
        var namesNamespace = false;
        if (node["matchLabels"] is JsonObject labels)
        {
            var renamed = new JsonObject();
            foreach (var (k, v) in labels.ToList())
            {
                var key = Strip(k);
                namesNamespace |= key == NamespaceKey;
                renamed[key] = v?.DeepClone();
            }

            node["matchLabels"] = renamed;
        }

        if (node["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                if (e["key"]?.GetValueKind() == JsonValueKind.String)
                {
                    var key = Strip(e["key"]!.GetValue<string>());
                    namesNamespace |= key == NamespaceKey;
                    e["key"] = key;
                }
            }
        }

        using var doc = JsonDocument.Parse(node.ToJsonString());
        var parsed = LabelSelector.Parse(doc.RootElement.Clone());
        return new CiliumSelector(parsed, namesNamespace ? null : policyNamespace, parsed.IsEmpty);
    }

    private static string Strip(string key) =>
        key.StartsWith("k8s:", StringComparison.Ordinal) ? key[4..] : key.StartsWith("any:", StringComparison.Ordinal) ? key[4..] : key;
}
