using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// A NetworkPolicy as the dataplane applies it: the pods it selects, the directions it isolates them in (after
/// the API server's <c>policyTypes</c> defaulting) and its allow rules per direction.
/// </summary>
public sealed class PolicyModel
{
    public PolicyModel(KubeObject source, string ns, LabelSelector podSelector, bool isolatesIngress, bool isolatesEgress,
        IReadOnlyList<PolicyRule> ingress, IReadOnlyList<PolicyRule> egress)
    {
        Source = source;
        Namespace = ns;
        PodSelector = podSelector;
        IsolatesIngress = isolatesIngress;
        IsolatesEgress = isolatesEgress;
        Ingress = ingress;
        Egress = egress;
    }

    public KubeObject Source { get; }

    public string Namespace { get; }

    public string Name => Source.Name;

    public LabelSelector PodSelector { get; }

    public bool IsolatesIngress { get; }

    public bool IsolatesEgress { get; }

    public IReadOnlyList<PolicyRule> Ingress { get; }

    public IReadOnlyList<PolicyRule> Egress { get; }

    /// <summary>
    /// A cluster-wide policy (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy): it may select pods of every
    /// namespace and has no namespace of its own (<see cref="Namespace"/> is empty).
    /// </summary>
    public bool Clusterwide { get; init; }

    /// <summary>
    /// Calico: the policy's rules are evaluated in order with their actions, after every policy of lower
    /// <see cref="Order"/>. False: the rules allow (or, for Cilium, deny) independent of order.
    /// </summary>
    public bool Ordered { get; init; }

    /// <summary>Calico <c>order</c> (null: applied last). NetworkPolicies count as 1000, as Calico applies them.</summary>
    public double? Order { get; init; }

    /// <summary>A CNI-specific endpoint selector (pod, its namespace's labels); null: <see cref="PodSelector"/> in <see cref="Namespace"/>.</summary>
    public Func<PodEndpoint, IReadOnlyDictionary<string, string>, bool>? EndpointSelector { get; init; }

    /// <summary><c>namespace/name</c> of the policy (just the name for a cluster-wide one).</summary>
    public string Id => Clusterwide ? Name : $"{Namespace}/{Name}";

    public bool Selects(PodEndpoint pod) => Selects(pod, new Dictionary<string, string>(StringComparer.Ordinal) { [NetworkModel.NamespaceNameLabel] = pod?.Namespace ?? string.Empty });

    /// <summary>Whether the policy applies to the pod, given the labels of the pod's namespace.</summary>
    public bool Selects(PodEndpoint pod, IReadOnlyDictionary<string, string> namespaceLabels)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(namespaceLabels);
        if (!Clusterwide && !string.Equals(pod.Namespace, Namespace, StringComparison.Ordinal))
        {
            return false;
        }

        return EndpointSelector is { } custom ? custom(pod, namespaceLabels) : PodSelector.Matches(pod.Labels);
    }

    public override string ToString() => $"{Source.Kind} {Id}";
}
