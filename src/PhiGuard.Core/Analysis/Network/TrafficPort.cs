namespace PhiGuard.Core.Analysis.Network;

/// <summary>One destination port and its protocol (TCP, UDP or SCTP), as a connection uses it.</summary>
public readonly record struct TrafficPort(int Number, string Protocol)
{
    public static readonly IReadOnlyList<string> Protocols = ["TCP", "UDP", "SCTP"];

    /// <summary>Parses <c>N</c> or <c>N/PROTO</c> (protocol defaults to TCP); null when malformed.</summary>
    public static TrafficPort? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? text : text[..slash];
        var proto = slash < 0 ? "TCP" : text[(slash + 1)..].ToUpperInvariant();
        if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ||
            n is < 1 or > 65535 || !Protocols.Contains(proto, StringComparer.Ordinal))
        {
            return null;
        }

        return new TrafficPort(n, proto);
    }

    public override string ToString() => $"{Number}/{Protocol}";
}
