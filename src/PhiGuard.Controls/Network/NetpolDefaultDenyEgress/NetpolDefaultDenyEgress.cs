using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Network;

/// <summary>
/// Every PHI namespace has a default-deny egress NetworkPolicy (all pods, Egress, no egress rules), and every
/// workload there can still resolve names because a separate policy allows DNS to the cluster DNS pods.
/// </summary>
internal sealed class NetpolDefaultDenyEgress : ClusterControl
{
    private static readonly TrafficPort Dns = new(53, "UDP");

    public override string Id => "netpol-default-deny-egress";

    public override string Title => "PHI namespaces deny egress by default and allow DNS explicitly";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(e)(1)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(a)(2)(vi)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084", "hipaa-106"];

    public override IReadOnlyList<string> Requirements => ["S10", "S11"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy", "Namespace"];

    public override string Rationale =>
        "Without an egress default-deny, a compromised PHI pod can send records anywhere: other namespaces, the cloud " +
        "metadata service, the internet. Denying egress by default and allowing only named destinations makes " +
        "exfiltration a policy change someone has to make and review.";

    public override string Remediation =>
        "In each PHI namespace apply `kind: NetworkPolicy, metadata: {name: default-deny-egress}, spec: {podSelector: " +
        "{}, policyTypes: [Egress]}`, and a second policy allowing DNS: `egress: [{to: [{namespaceSelector: " +
        "{matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], " +
        "ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]`; then allow each workload's real destinations.";

    public override string Remarks =>
        "The default-deny part is judged as for `netpol-default-deny-ingress`, on the policies as the engine reads " +
        "them. DNS: each workload of the namespace must be allowed egress on 53/UDP to the cluster DNS pods (label " +
        "`k8s-app=kube-dns`); when the input holds no DNS pods, to a stand-in `kube-system` pod with that label and " +
        "ports `dns` 53/UDP and `dns-tcp` 53/TCP. A namespace without workloads needs only the default-deny. Only the " +
        "egress side is judged for DNS: ingress policies in kube-system are the platform's business.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!DefaultDeny.Check(context, verdict, ingress: false))
        {
            return;
        }

        var model = context.Network;
        var dns = model.DnsEndpoints();
        // The egress side of a NetworkPolicy decision depends only on which policies select the source, so pods
        // selected by the same policies share one answer (a 100k-object scan asks this of ~14k PHI pods). Pods that a
        // CNI policy selects (ordered, cluster-wide or with its own selector semantics) are judged one by one.
        var byPolicySet = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var pod in model.Endpoints.Where(e => context.Scope.IsPhi(e.Namespace)).OrderBy(e => e.QualifiedId, StringComparer.Ordinal))
        {
            var policies = model.EgressPoliciesOf(pod);
            var key = policies.Any(p => p.Ordered || p.Clusterwide || p.EndpointSelector is not null)
                ? null
                : string.Join('\n', policies.Select(p => p.Source.Kind + " " + p.Id));
            if (key is null || !byPolicySet.TryGetValue(key, out var ok))
            {
                ok = dns.Any(d => model.Reach(NetworkAddress.Of(pod), NetworkAddress.Of(d), Dns).Egress.Allowed);
                if (key is not null)
                {
                    byPolicySet[key] = ok;
                }
            }

            if (!ok)
            {
                var isolating = string.Join(", ", model.EgressPoliciesOf(pod).Select(p => p.Name).Order(StringComparer.Ordinal));
                verdict.Fail(pod.Object, string.Empty,
                    $"{pod.Kind} {pod.Id} cannot resolve names: its egress policies ({isolating}) allow no traffic to the cluster DNS pods on 53/UDP");
            }
        }
    }
}
