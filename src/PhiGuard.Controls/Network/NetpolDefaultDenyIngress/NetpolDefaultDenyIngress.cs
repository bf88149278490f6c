using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Network;

/// <summary>
/// Every PHI namespace has a default-deny ingress NetworkPolicy: it selects all pods (<c>podSelector: {}</c>),
/// its policy types include Ingress, and it has no ingress rules.
/// </summary>
internal sealed class NetpolDefaultDenyIngress : ClusterControl
{
    private const string Group = "networking.k8s.io";

    public override string Id => "netpol-default-deny-ingress";

    public override string Title => "PHI namespaces deny ingress by default";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(a)(2)(vi)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S11"];

    public override IReadOnlyList<string> Kinds => ["NetworkPolicy", "Namespace"];

    public override string Rationale =>
        "Kubernetes lets every pod reach every other pod until a NetworkPolicy selects it. A default-deny ingress " +
        "policy turns each PHI namespace into an allow-list, so a compromised pod elsewhere in the cluster cannot " +
        "reach PHI services it was never meant to talk to.";

    public override string Remediation =>
        "In each PHI namespace apply `apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: " +
        "default-deny-ingress}, spec: {podSelector: {}, policyTypes: [Ingress]}`, then add narrow policies that " +
        "allow only the traffic each workload needs. Make sure the CNI enforces NetworkPolicy.";

    public override string Remarks =>
        "`policyTypes` follows the API's defaulting: when it is omitted, Ingress is always included (and Egress only " +
        "when egress rules exist), so an omitted `policyTypes` counts as Ingress. An omitted `podSelector` is the " +
        "empty selector, as the API server reads it. `ingress: []` counts as no rules; `ingress: [{}]` allows " +
        "everything and does not count. Findings are on the Namespace object, or on the cluster as a whole (naming " +
        "the namespace) when the input has no Namespace object for it. The decision is the reachability engine's: the " +
        "policy as the dataplane reads it (after defaulting) must isolate every pod of the namespace and admit nothing. For manifest input only the policies given " +
        "are known: a policy applied elsewhere is not seen, so scan the manifests together. Namespaced " +
        "CiliumNetworkPolicy and Calico NetworkPolicy objects count the same way (a policy whose rules only deny " +
        "admits nothing); cluster-wide ones (CiliumClusterwideNetworkPolicy, GlobalNetworkPolicy) are not counted " +
        "here, though the reachability-based controls judge them. That the CNI enforces " +
        "policies is checked by `cni-enforces-networkpolicy`.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        DefaultDeny.Check(context, verdict, ingress: true);
    }
}
