using System.Net;

namespace PhiGuard.Core.Analysis.Network;

/// <summary>One end of a connection: the pods of a workload inside the cluster, or an IP address outside it.</summary>
public sealed record NetworkAddress
{
    private NetworkAddress(PodEndpoint? pod, IPAddress? ip)
    {
        Pod = pod;
        Ip = ip;
    }

    public PodEndpoint? Pod { get; }

    public IPAddress? Ip { get; }

    /// <summary>The cloud instance metadata address (AWS, GCP, Azure, OpenStack).</summary>
    public static IPAddress CloudMetadata { get; } = IPAddress.Parse("169.254.169.254");

    public static NetworkAddress Of(PodEndpoint pod) => new(pod ?? throw new ArgumentNullException(nameof(pod)), null);

    public static NetworkAddress Of(IPAddress ip) => new(null, ip ?? throw new ArgumentNullException(nameof(ip)));

    public override string ToString() => Pod?.QualifiedId ?? Ip!.ToString();
}
