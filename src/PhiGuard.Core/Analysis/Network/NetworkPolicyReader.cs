using System.Globalization;
using System.Net;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Reads networking.k8s.io/v1 NetworkPolicy objects into <see cref="PolicyModel"/>s with the API server's defaults:
/// omitted <c>policyTypes</c> is Ingress, plus Egress when egress rules exist; omitted <c>protocol</c> is TCP; an
/// omitted or empty <c>from</c>/<c>to</c> is every peer and an omitted or empty <c>ports</c> every port.
/// </summary>
internal static class NetworkPolicyReader
{
    public static PolicyModel Read(KubeObject policy, List<string> problems)
    {
        var ns = policy.Namespace ?? "default";
        var spec = policy.Json.GetObject("spec");
        if (spec is not { } s)
        {
            // No spec: the empty selector, Ingress by default, no rules.
            return new PolicyModel(policy, ns, LabelSelector.Everything, true, false, [], []);
        }

        var selector = LabelSelector.Parse(s.GetObject("podSelector"));
        var ingress = Rules(policy, ns, s, "ingress", "from", problems);
        var egress = Rules(policy, ns, s, "egress", "to", problems);
        bool isolatesIngress, isolatesEgress;
        if (s.TryGetProperty("policyTypes", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
        {
            var list = types.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToList();
            isolatesIngress = list.Contains("Ingress", StringComparer.Ordinal);
            isolatesEgress = list.Contains("Egress", StringComparer.Ordinal);
        }
        else
        {
            isolatesIngress = true;
            isolatesEgress = egress.Count > 0;
        }

        return new PolicyModel(policy, ns, selector, isolatesIngress, isolatesEgress, isolatesIngress ? ingress : [], isolatesEgress ? egress : []);
    }

    private static List<PolicyRule> Rules(KubeObject policy, string ns, JsonElement spec, string direction, string peersField, List<string> problems)
    {
        var rules = new List<PolicyRule>();
        var i = 0;
        foreach (var rule in spec.GetArray(direction))
        {
            var path = $"spec.{direction}[{i}]";
            List<PolicyPeer>? peers = null;
            if (rule.TryGetProperty(peersField, out var peerList) && peerList.ValueKind == JsonValueKind.Array && peerList.GetArrayLength() > 0)
            {
                peers = [];
                var j = 0;
                foreach (var peer in peerList.EnumerateArray())
                {
                    if (ReadPeer(peer, ns, $"{path}.{peersField}[{j}]", policy, problems) is { } p)
                    {
                        peers.Add(p);
                    }

                    j++;
                }
            }

            List<PolicyPort>? ports = null;
            if (rule.TryGetProperty("ports", out var portList) && portList.ValueKind == JsonValueKind.Array && portList.GetArrayLength() > 0)
            {
                ports = [];
                foreach (var port in portList.EnumerateArray())
                {
                    ports.Add(ReadPort(port));
                }
            }

            rules.Add(new PolicyRule(peers, ports, path));
            i++;
        }

        return rules;
    }

    private static PolicyPeer? ReadPeer(JsonElement peer, string ns, string path, KubeObject policy, List<string> problems)
    {
        if (peer.GetObject("ipBlock") is { } block)
        {
            if (ParseCidr(block.GetString("cidr")) is not { } cidr)
            {
                problems.Add($"{policy.Kind} {ns}/{policy.Name} {path}.ipBlock.cidr: '{block.GetString("cidr")}' is not a CIDR; the peer matches nothing");
                return null;
            }

            var except = new List<IPNetwork>();
            foreach (var e in block.GetArray("except"))
            {
                if (e.ValueKind == JsonValueKind.String && ParseCidr(e.GetString()) is { } ex)
                {
                    except.Add(ex);
                }
                else
                {
                    problems.Add($"{policy.Kind} {ns}/{policy.Name} {path}.ipBlock.except: '{e}' is not a CIDR; it is ignored");
                }
            }

            return PolicyPeer.IpBlock(ns, cidr, except);
        }

        var hasNs = peer.Has("namespaceSelector") && peer.GetProperty("namespaceSelector").ValueKind != JsonValueKind.Null;
        var hasPod = peer.Has("podSelector") && peer.GetProperty("podSelector").ValueKind != JsonValueKind.Null;
        if (!hasNs && !hasPod)
        {
            return PolicyPeer.Everything(ns);
        }

        return PolicyPeer.Pods(ns, hasNs ? LabelSelector.Parse(peer.GetObject("namespaceSelector")) : null,
            hasPod ? LabelSelector.Parse(peer.GetObject("podSelector")) : LabelSelector.Everything);
    }

    private static PolicyPort ReadPort(JsonElement port)
    {
        var protocol = port.GetString("protocol")?.ToUpperInvariant() ?? "TCP";
        int? number = null;
        string? name = null;
        if (port.TryGetProperty("port", out var p))
        {
            if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n))
            {
                number = n;
            }
            else if (p.ValueKind == JsonValueKind.String)
            {
                var text = p.GetString()!;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    number = parsed;
                }
                else
                {
                    name = text;
                }
            }
        }

        int? end = port.TryGetProperty("endPort", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var en) ? en : null;
        return new PolicyPort(protocol, number, name, number is null ? null : end);
    }

    internal static IPNetwork? ParseCidr(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // IPNetwork.TryParse insists on a canonical prefix (no host bits); Kubernetes accepts 10.0.0.1/8, so mask it.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var ip) ||
            !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var len))
        {
            return null;
        }

        var bits = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (len > bits)
        {
            return null;
        }

        var bytes = ip.GetAddressBytes();
        for (var b = 0; b < bytes.Length; b++)
        {
            var keep = Math.Clamp(len - (b * 8), 0, 8);
            bytes[b] &= (byte)(0xFF << (8 - keep));
        }

        return new IPNetwork(new IPAddress(bytes), len);
    }
}
