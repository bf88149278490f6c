using System.Net;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Public addresses spread over the IPv4 and IPv6 space, standing for "the internet": egress that reaches at least
/// half of a family's probes is internet-wide; egress to a few named CIDRs (an API's range) reaches at most one.
/// </summary>
public static class ExternalProbes
{
    public static IReadOnlyList<IPAddress> V4 { get; } =
    [
        .. new[] { "1.1.1.1", "8.8.8.8", "23.1.1.1", "45.60.1.1", "52.94.1.1", "104.16.1.1", "142.250.1.1", "151.101.1.1", "185.199.108.153", "216.58.1.1" }
            .Select(IPAddress.Parse),
    ];

    public static IReadOnlyList<IPAddress> V6 { get; } =
    [
        .. new[] { "2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4001::1", "2400:cb00::1", "2620:fe::fe", "2c0f:fb50::1" }
            .Select(IPAddress.Parse),
    ];

    /// <summary>True when the endpoint's egress reaches at least half of the IPv4 or half of the IPv6 probes, on some port.</summary>
    public static bool ReachesInternet(NetworkModel model, PodEndpoint pod, out IReadOnlyList<PolicyModel> allowedBy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pod);
        if (model.EgressPoliciesOf(pod).Count == 0)
        {
            // No egress policy selects it: every address is reachable, no need to ask per probe.
            allowedBy = [];
            return true;
        }

        var by = new HashSet<PolicyModel>();
        var wide = false;
        foreach (var family in new[] { V4, V6 })
        {
            var reached = 0;
            foreach (var ip in family)
            {
                var r = model.Reach(NetworkAddress.Of(pod), NetworkAddress.Of(ip));
                if (r.Allowed)
                {
                    reached++;
                    by.UnionWith(r.Egress.DecidedBy);
                }
            }

            wide |= reached * 2 >= family.Count;
        }

        allowedBy = by.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        return wide;
    }
}
