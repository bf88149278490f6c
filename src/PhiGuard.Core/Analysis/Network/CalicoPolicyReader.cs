using System.Globalization;
using System.Net;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Reads Calico projectcalico.org/v3 NetworkPolicy and GlobalNetworkPolicy (L3/L4 subset) into ordered policy models:
/// <c>selector</c> (and, for global policies, <c>namespaceSelector</c>) picks the endpoints, <c>types</c> the
/// directions (default: Ingress, plus Egress when egress rules exist, only Egress when only egress rules exist),
/// <c>order</c> the evaluation order, and each rule's action, protocol, peer (<c>source</c> for ingress,
/// <c>destination</c> for egress: selector, namespaceSelector, nets, notNets, all of which must match) and
/// destination ports decide. What is not modelled is listed in docs/network.md.
/// </summary>
internal static class CalicoPolicyReader
{
    public const string NamespaceLabel = "projectcalico.org/namespace";
    public const string NamespaceNameLabel = "projectcalico.org/name";

    public static PolicyModel Read(KubeObject policy, List<string> problems)
    {
        var global = policy.Kind == "GlobalNetworkPolicy";
        var ns = global ? string.Empty : policy.Namespace ?? "default";
        var id = global ? policy.Name : $"{ns}/{policy.Name}";
        var spec = policy.Json.GetObject("spec");
        if (spec is not { } s)
        {
            return new PolicyModel(policy, ns, LabelSelector.Everything, true, false, [], []) { Clusterwide = global, Ordered = true };
        }

        var selector = Selector(s.GetString("selector"), $"{policy.Kind} {id} spec.selector", problems) ?? CalicoSelector.TryParse("has(__never__)", out _)!;
        var nsSelector = global && s.GetString("namespaceSelector") is { } nsText
            ? Selector(nsText, $"{policy.Kind} {id} spec.namespaceSelector", problems) ?? CalicoSelector.TryParse("has(__never__)", out _)
            : null;
        if (s.Has("serviceAccountSelector"))
        {
            problems.Add($"{policy.Kind} {id} spec.serviceAccountSelector: not modelled; the policy is read as selecting regardless of service account");
        }

        if (s.GetString("tier") is { } tier && tier != "default")
        {
            problems.Add($"{policy.Kind} {id} spec.tier: tiers are not modelled; '{tier}' policies are ordered together with the default tier");
        }

        var ingress = Rules(policy, id, ns, global, s, "ingress", "source", problems);
        var egress = Rules(policy, id, ns, global, s, "egress", "destination", problems);
        bool isolatesIngress, isolatesEgress;
        var types = s.GetArray("types").Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToList();
        if (types.Count > 0)
        {
            isolatesIngress = types.Contains("Ingress");
            isolatesEgress = types.Contains("Egress");
        }
        else
        {
            var hasEgress = s.GetArray("egress").Any();
            isolatesEgress = hasEgress;
            isolatesIngress = !hasEgress || s.GetArray("ingress").Any();
        }

        double? order = s.TryGetProperty("order", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetDouble() : null;
        return new PolicyModel(policy, ns, selector.IsAll ? LabelSelector.Everything : LabelSelector.Nothing, isolatesIngress, isolatesEgress,
            isolatesIngress ? ingress : [], isolatesEgress ? egress : [])
        {
            Clusterwide = global,
            Ordered = true,
            Order = order,
            EndpointSelector = (pod, nsLabels) => selector.Matches(EndpointLabels(pod)) && (nsSelector is null || nsSelector.Matches(NamespaceLabels(pod, nsLabels))),
        };
    }

    private static Dictionary<string, string> EndpointLabels(PodEndpoint pod) =>
        new Dictionary<string, string>(pod.Labels, StringComparer.Ordinal) { [NamespaceLabel] = pod.Namespace, ["projectcalico.org/orchestrator"] = "k8s" };

    private static Dictionary<string, string> NamespaceLabels(PodEndpoint pod, IReadOnlyDictionary<string, string> nsLabels) =>
        new Dictionary<string, string>(nsLabels, StringComparer.Ordinal) { [NamespaceNameLabel] = pod.Namespace };

    private static CalicoSelector? Selector(string? text, string where, List<string> problems)
    {
        var sel = CalicoSelector.TryParse(text, out var error);
        if (sel is null)
        {
            problems.Add($"{where}: '{text}' is outside the modelled selector subset ({error}); it matches nothing");
        }

        return sel;
    }

    private static List<PolicyRule> Rules(KubeObject policy, string id, string ns, bool global, JsonElement spec, string field, string peerField, List<string> problems)
    {
        var rules = new List<PolicyRule>();
        var i = 0;
        foreach (var rule in spec.GetArray(field))
        {
            var path = $"spec.{field}[{i++}]";
            var action = rule.GetString("action") switch
            {
                "Allow" => RuleAction.Allow,
                "Deny" => RuleAction.Deny,
                "Pass" => RuleAction.Pass,
                "Log" => RuleAction.Log,
                var other => (RuleAction?)null,
            };
            if (action is not { } act)
            {
                problems.Add($"{policy.Kind} {id} {path}.action: '{rule.GetString("action")}' is not Allow, Deny, Pass or Log; the rule is ignored");
                continue;
            }

            // Criteria the model cannot judge: an allow ignores them (it may then admit more than Calico does, the
            // conservative reading); a deny/pass rule with them is skipped (it may then deny less than Calico does).
            var unmodelled = new List<string>();
            if (rule.Has("http"))
            {
                unmodelled.Add("http");
            }

            foreach (var side in new[] { "source", "destination" })
            {
                if (rule.GetObject(side) is { } e)
                {
                    foreach (var f in new[] { "serviceAccounts", "notSelector", "notPorts", "services" })
                    {
                        if (e.Has(f))
                        {
                            unmodelled.Add($"{side}.{f}");
                        }
                    }

                    if (side == "source" && e.Has("ports"))
                    {
                        unmodelled.Add("source.ports");
                    }

                    if (side != peerField && (e.Has("selector") || e.Has("namespaceSelector") || e.Has("nets") || e.Has("notNets")))
                    {
                        unmodelled.Add($"{side} selector/nets of the selected endpoint");
                    }
                }
            }

            if (unmodelled.Count > 0)
            {
                problems.Add($"{policy.Kind} {id} {path}: {string.Join(", ", unmodelled)} not modelled; " +
                             (act == RuleAction.Allow ? "the rule is read without them" : "the rule is ignored"));
                if (act is RuleAction.Deny or RuleAction.Pass)
                {
                    continue;
                }
            }

            var peer = rule.GetObject(peerField) is { } pe ? Peer(policy, id, ns, global, pe, $"{path}.{peerField}", problems) : null;
            var ports = Ports(rule, out var protocolKnown);
            if (!protocolKnown)
            {
                problems.Add($"{policy.Kind} {id} {path}.protocol: '{rule.GetProperty("protocol")}' is not TCP, UDP or SCTP; the rule matches no modelled traffic");
                continue;
            }

            rules.Add(new PolicyRule(peer is null ? null : [peer], ports, path) { Action = act });
        }

        return rules;
    }

    private static PolicyPeer? Peer(KubeObject policy, string id, string ns, bool global, JsonElement e, string path, List<string> problems)
    {
        var hasSelector = e.GetString("selector") is not null;
        var hasNsSelector = e.GetString("namespaceSelector") is not null;
        var nets = Nets(e, "nets", policy, id, path, problems);
        var notNets = Nets(e, "notNets", policy, id, path, problems);
        if (!hasSelector && !hasNsSelector && nets is null && notNets is null)
        {
            return null;
        }

        var never = CalicoSelector.TryParse("has(__never__)", out _)!;
        var sel = hasSelector ? Selector(e.GetString("selector"), $"{policy.Kind} {id} {path}.selector", problems) ?? never : null;
        var nsSel = hasNsSelector ? Selector(e.GetString("namespaceSelector"), $"{policy.Kind} {id} {path}.namespaceSelector", problems) ?? never : null;
        var description = string.Join(", ", new[]
        {
            sel is null ? null : $"selector {sel}",
            nsSel is null ? null : $"namespaceSelector {nsSel}",
            nets is null ? null : $"nets {string.Join(",", nets)}",
            notNets is null ? null : $"notNets {string.Join(",", notNets)}",
        }.OfType<string>());

        return PolicyPeer.Custom(ns, description,
            (pod, nsLabels) =>
            {
                // A selector alone means the policy's namespace for a namespaced policy, any namespace for a global one.
                var nsOk = nsSel is not null
                    ? nsSel.Matches(new Dictionary<string, string>(nsLabels, StringComparer.Ordinal) { [NamespaceNameLabel] = pod.Namespace })
                    : global || sel is null || pod.Namespace == ns;
                var selOk = sel is null || sel.Matches(EndpointLabels(pod));
                var netsOk = nets is null || (pod.Address is { } a && nets.Any(n => n.Contains(a)));
                var notOk = notNets is null || pod.Address is not { } b || !notNets.Any(n => n.Contains(b));
                return nsOk && selOk && netsOk && notOk;
            },
            ip => sel is null && nsSel is null && (nets is null || nets.Any(n => n.Contains(ip))) && (notNets is null || !notNets.Any(n => n.Contains(ip))));
    }

    private static List<IPNetwork>? Nets(JsonElement e, string field, KubeObject policy, string id, string path, List<string> problems)
    {
        if (!e.Has(field))
        {
            return null;
        }

        var list = new List<IPNetwork>();
        foreach (var n in e.GetArray(field))
        {
            if (NetworkPolicyReader.ParseCidr(n.ValueKind == JsonValueKind.String ? n.GetString() : null) is { } net)
            {
                list.Add(net);
            }
            else
            {
                problems.Add($"{policy.Kind} {id} {path}.{field}: '{n}' is not a CIDR; it is ignored");
            }
        }

        return list;
    }

    /// <summary>Destination ports under the rule's protocol; null: every port of every protocol.</summary>
    private static List<PolicyPort>? Ports(JsonElement rule, out bool protocolKnown)
    {
        protocolKnown = true;
        string[] protocols;
        if (rule.TryGetProperty("protocol", out var p))
        {
            var name = p.ValueKind == JsonValueKind.String ? p.GetString()!.ToUpperInvariant() : p.GetRawText() switch
            {
                "6" => "TCP",
                "17" => "UDP",
                "132" => "SCTP",
                var other => other,
            };
            if (!TrafficPort.Protocols.Contains(name, StringComparer.Ordinal))
            {
                protocolKnown = false;
                return null;
            }

            protocols = [name];
        }
        else
        {
            protocols = [.. TrafficPort.Protocols];
        }

        var ports = rule.GetObject("destination")?.GetArray("ports").ToList() ?? [];
        if (ports.Count == 0)
        {
            return rule.Has("protocol") ? [.. protocols.Select(x => new PolicyPort(x, null, null, null))] : null;
        }

        var result = new List<PolicyPort>();
        foreach (var port in ports)
        {
            int? from = null, to = null;
            string? name = null;
            if (port.ValueKind == JsonValueKind.Number && port.TryGetInt32(out var n))
            {
                from = n;
            }
            else if (port.ValueKind == JsonValueKind.String)
            {
                var text = port.GetString()!;
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && int.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var a) &&
                    int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var b))
                {
                    (from, to) = (a, b);
                }
                else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
                {
                    from = single;
                }
                else
                {
                    name = text;
                }
            }

            foreach (var proto in protocols)
            {
                result.Add(new PolicyPort(proto, from, name, to));
            }
        }

        return result;
    }
}
