namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// One entry of a rule's <c>ports</c>: a protocol (TCP when omitted) and a port by number, by container port name,
/// or absent (every port of the protocol), with an optional <c>endPort</c> for a numeric range.
/// </summary>
public sealed record PolicyPort(string Protocol, int? Number, string? Name, int? EndPort)
{
    /// <summary>The ports this entry admits towards <paramref name="destination"/>; a name resolves on its container ports.</summary>
    public IEnumerable<PortRange> Resolve(PodEndpoint? destination)
    {
        if (Name is not null)
        {
            // A named port only means something on a pod that declares it; an external address has no names.
            if (destination is null)
            {
                yield break;
            }

            foreach (var p in destination.NamedPorts)
            {
                if (string.Equals(p.Name, Name, StringComparison.Ordinal) && string.Equals(p.Protocol, Protocol, StringComparison.Ordinal))
                {
                    yield return new PortRange(Protocol, p.Number, p.Number);
                }
            }

            yield break;
        }

        if (Number is null)
        {
            yield return new PortRange(Protocol, 1, 65535);
        }
        else if (EndPort is { } end && end >= Number.Value)
        {
            yield return new PortRange(Protocol, Number.Value, end);
        }
        else
        {
            yield return new PortRange(Protocol, Number.Value, Number.Value);
        }
    }

    public override string ToString() =>
        (Name ?? (Number is null ? "*" : EndPort is { } e ? $"{Number}-{e}" : Number.ToString())) + "/" + Protocol;
}
