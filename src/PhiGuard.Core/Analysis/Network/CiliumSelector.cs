using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// A Cilium endpoint selector: a label selector over the pod's labels plus the labels Cilium derives
/// (<c>io.kubernetes.pod.namespace</c> and <c>io.cilium.k8s.namespace.labels.*</c>), limited to one namespace when
/// the policy is namespaced and the selector does not name a namespace itself.
/// </summary>
internal sealed class CiliumSelector(LabelSelector selector, string? onlyNamespace, bool isEmptySelector)
{
    /// <summary>True for <c>{}</c> (or no selector): every endpoint within the policy's reach.</summary>
    public bool IsEmptySelector { get; } = isEmptySelector;

    public bool Matches(PodEndpoint pod, IReadOnlyDictionary<string, string> namespaceLabels)
    {
        if (onlyNamespace is not null && !string.Equals(pod.Namespace, onlyNamespace, StringComparison.Ordinal))
        {
            return false;
        }

        if (selector.IsEmpty)
        {
            return true;
        }

        var labels = new Dictionary<string, string>(pod.Labels, StringComparer.Ordinal)
        {
            [CiliumPolicyReader.NamespaceKey] = pod.Namespace,
        };
        foreach (var (k, v) in namespaceLabels)
        {
            labels[CiliumPolicyReader.NamespaceLabelPrefix + k] = v;
        }

        return selector.Matches(labels);
    }

    public override string ToString() => onlyNamespace is null ? selector.ToString() : $"{selector} in {onlyNamespace}";
}
