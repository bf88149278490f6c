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

    /// <summary><c>namespace/name</c> of the policy.</summary>
    public string Id => $"{Namespace}/{Name}";

    public bool Selects(PodEndpoint pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return string.Equals(pod.Namespace, Namespace, StringComparison.Ordinal) && PodSelector.Matches(pod.Labels);
    }

    public override string ToString() => $"{Source.Kind} {Id}";
}
