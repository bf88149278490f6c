namespace PhiGuard.Core.Analysis.Network;

/// <summary>A contiguous range of ports of one protocol; a resolved form of a NetworkPolicy port entry.</summary>
public readonly record struct PortRange(string Protocol, int From, int To)
{
    public bool Contains(TrafficPort port) =>
        string.Equals(port.Protocol, Protocol, StringComparison.Ordinal) && port.Number >= From && port.Number <= To;

    public bool Overlaps(PortRange other) =>
        string.Equals(Protocol, other.Protocol, StringComparison.Ordinal) && From <= other.To && other.From <= To;

    public override string ToString() =>
        From == 1 && To == 65535 ? $"*/{Protocol}" : From == To ? $"{From}/{Protocol}" : $"{From}-{To}/{Protocol}";
}
