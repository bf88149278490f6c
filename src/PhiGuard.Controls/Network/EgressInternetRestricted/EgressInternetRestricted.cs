using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Network;

/// <summary>
/// No PHI workload, other than one labelled as the egress gateway, may reach the internet at large: the reachability
/// engine must not let it reach half or more of a spread of public IPv4 or IPv6 addresses.
/// </summary>
internal sealed class EgressInternetRestricted : ClusterControl
{
    public const string GatewayLabel = "phiguard.io/egress-gateway";

    public override string Id => "egress-internet-restricted";

    public override string Title => "PHI workloads cannot reach the internet at large";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-106", "hipaa-107"];

    public override IReadOnlyList<string> Requirements => ["S10"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy", "Deployment", "StatefulSet", "DaemonSet", "Pod"];

    public override string Rationale =>
        "Egress to 0.0.0.0/0 lets a compromised PHI workload ship records to any server on the internet. Routing " +
        "external calls through an egress gateway or allowing only the partner APIs' ranges keeps transmissions of " +
        "ePHI to destinations someone approved.";

    public override string Remediation =>
        "Put PHI namespaces under a default-deny egress policy and allow only the CIDRs of the services they call " +
        "(or an FQDN policy of your CNI); send other external traffic through an egress gateway whose pods carry " +
        "`phiguard.io/egress-gateway: \"true\"`. Do not allow `ipBlock: {cidr: 0.0.0.0/0}` or `::/0`.";

    public override string Remarks =>
        "Decided by the engine, not by the text of the policies: a workload fails when its egress reaches at least " +
        "half of 10 public IPv4 probe addresses or half of 6 public IPv6 ones (spread over the address space) on some " +
        "port, so `0.0.0.0/0` fails even with private ranges excepted, while a list of a few partner CIDRs passes. A " +
        "workload no egress policy selects reaches everything and fails. Workloads whose pods carry " +
        "`phiguard.io/egress-gateway: \"true\"` are the gateway and are exempt. Cilium and Calico policies are judged " +
        "too (docs/network.md); DNS-name rules (Cilium `toFQDNs`) cannot be resolved offline and count as reaching " +
        "every external address, so a workload allowed out only by name fails here.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (PhiEndpoints.Select(context, verdict) is not { } pods)
        {
            return;
        }

        var model = context.Network;

        foreach (var pod in pods)
        {
            if (pod.Labels.TryGetValue(GatewayLabel, out var g) && g == "true")
            {
                verdict.Pass(pod.Object, $"{pod.Kind} {pod.Id} is the labelled egress gateway");
                continue;
            }

            if (!ExternalProbes.ReachesInternet(model, pod, out var by))
            {
                verdict.Pass(pod.Object, $"{pod.Kind} {pod.Id} cannot reach the internet at large");
                continue;
            }

            var why = by.Count == 0
                ? "no egress NetworkPolicy selects it"
                : $"allowed by {string.Join(", ", by.Select(p => p.Id))}";
            verdict.Fail(pod.Object, string.Empty, $"{pod.Kind} {pod.Id} in a PHI namespace can reach the internet: {why}");
        }
    }
}
