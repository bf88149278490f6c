using System.Net;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// One peer of a rule. A selector peer matches pods: <c>podSelector</c> alone means the policy's own namespace,
/// <c>namespaceSelector</c> alone every pod of the matching namespaces, both together pods matching both (AND).
/// An <c>ipBlock</c> peer matches addresses in its CIDR and in none of its <c>except</c> CIDRs. An empty peer matches
/// everything (the widest reading of an object the API server would refuse).
/// </summary>
public sealed class PolicyPeer
{
    private PolicyPeer(PeerKind kind, string policyNamespace, LabelSelector? namespaceSelector, LabelSelector podSelector, IPNetwork? cidr, IReadOnlyList<IPNetwork> except, bool anyNamespace)
    {
        Kind = kind;
        PolicyNamespace = policyNamespace;
        NamespaceSelector = namespaceSelector;
        PodSelector = podSelector;
        Cidr = cidr;
        Except = except;
        AnyNamespace = anyNamespace;
    }

    public PeerKind Kind { get; }

    public string PolicyNamespace { get; }

    /// <summary>Null: the policy's own namespace (unless <see cref="AnyNamespace"/>).</summary>
    public LabelSelector? NamespaceSelector { get; }

    public LabelSelector PodSelector { get; }

    /// <summary>For selector peers of cluster-wide policies: pods of every namespace.</summary>
    public bool AnyNamespace { get; }

    public IPNetwork? Cidr { get; }

    public IReadOnlyList<IPNetwork> Except { get; }

    public static PolicyPeer Everything(string ns) => new(PeerKind.Everything, ns, null, LabelSelector.Everything, null, [], false);

    public static PolicyPeer Pods(string ns, LabelSelector? namespaceSelector, LabelSelector podSelector, bool anyNamespace = false) =>
        new(PeerKind.Pods, ns, namespaceSelector, podSelector, null, [], anyNamespace);

    /// <summary>
    /// A CNI-specific peer: <paramref name="pods"/> tests a pod given its namespace's labels, <paramref name="ips"/> an
    /// address outside the cluster; <paramref name="description"/> is what reports show.
    /// </summary>
    public static PolicyPeer Custom(string ns, string description, Func<PodEndpoint, IReadOnlyDictionary<string, string>, bool> pods, Func<IPAddress, bool> ips) =>
        new(PeerKind.Custom, ns, null, LabelSelector.Nothing, null, [], false) { customPods = pods, customIps = ips, description = description };

    private Func<PodEndpoint, IReadOnlyDictionary<string, string>, bool>? customPods;
    private Func<IPAddress, bool>? customIps;
    private string? description;

    public static PolicyPeer IpBlock(string ns, IPNetwork cidr, IReadOnlyList<IPNetwork> except) =>
        new(PeerKind.IpBlock, ns, null, LabelSelector.Nothing, cidr, except, false);

    /// <summary>True when this peer admits every pod of every namespace.</summary>
    public bool MatchesAllPods => Kind == PeerKind.Everything ||
                                  (Kind == PeerKind.Pods && PodSelector.IsEmpty && (AnyNamespace || NamespaceSelector is { IsEmpty: true }));

    public bool Matches(NetworkAddress address, NetworkModel model)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(model);
        if (address.Pod is { } pod)
        {
            return MatchesPod(pod, model);
        }

        return Kind == PeerKind.Everything || (Kind is PeerKind.IpBlock or PeerKind.Custom && MatchesIp(address.Ip!));
    }

    public bool MatchesPod(PodEndpoint pod, NetworkModel model)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(model);
        switch (Kind)
        {
            case PeerKind.Everything:
                return true;
            case PeerKind.Custom:
                return customPods!(pod, model.NamespaceLabels(pod.Namespace));
            case PeerKind.IpBlock:
                // Pod IPs are only known for running Pods; a workload's pods have no address until scheduled.
                return pod.Address is { } ip && MatchesIp(ip);
            default:
                var nsOk = AnyNamespace ||
                           (NamespaceSelector is null
                               ? string.Equals(pod.Namespace, PolicyNamespace, StringComparison.Ordinal)
                               : NamespaceSelector.Matches(model.NamespaceLabels(pod.Namespace)));
                return nsOk && PodSelector.Matches(pod.Labels);
        }
    }

    public bool MatchesIp(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        if (Kind == PeerKind.Everything)
        {
            return true;
        }

        if (Kind == PeerKind.Custom)
        {
            return customIps!(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
        }

        if (Kind != PeerKind.IpBlock || Cidr is not { } cidr)
        {
            return false;
        }

        var probe = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        if (!cidr.Contains(probe))
        {
            return false;
        }

        foreach (var e in Except)
        {
            if (e.Contains(probe))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Kind switch
    {
        PeerKind.Everything => "everything",
        PeerKind.Custom => description!,
        PeerKind.IpBlock => Except.Count == 0 ? $"ipBlock {Cidr}" : $"ipBlock {Cidr} except {string.Join(",", Except)}",
        _ => (AnyNamespace ? "any namespace" : NamespaceSelector is null ? $"namespace {PolicyNamespace}" : $"namespaces {NamespaceSelector}") +
             $", pods {PodSelector}",
    };
}
