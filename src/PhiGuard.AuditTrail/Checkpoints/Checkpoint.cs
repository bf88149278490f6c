using System.Globalization;
using System.Text;

namespace PhiGuard.AuditTrail.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint body: origin line, tree size, base64 root hash, then one extension line
/// <c>time &lt;unix seconds&gt;</c> recording when the log signed it.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root, DateTimeOffset Time)
{
    private const string TimePrefix = "time ";

    public string Body()
    {
        var sb = new StringBuilder();
        sb.Append(Origin).Append('\n');
        sb.Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(Convert.ToBase64String(Root)).Append('\n');
        sb.Append(TimePrefix).Append(Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Parses a body; a malformed one is a <see cref="FormatException"/> naming the bad line.</summary>
    public static Checkpoint ParseBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!body.EndsWith('\n'))
        {
            throw new FormatException("checkpoint body does not end with a newline");
        }

        var lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException($"checkpoint body has {lines.Length} lines; needs origin, size and root hash");
        }

        if (lines[0].Length == 0)
        {
            throw new FormatException("checkpoint line 1: empty origin");
        }

        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new FormatException($"checkpoint line 2: '{lines[1]}' is not a tree size");
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("checkpoint line 3: root hash is not base64");
        }

        if (root.Length != 32)
        {
            throw new FormatException($"checkpoint line 3: root hash has {root.Length} bytes, not 32");
        }

        var time = DateTimeOffset.UnixEpoch;
        foreach (var line in lines.Skip(3))
        {
            if (line.StartsWith(TimePrefix, StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(TimePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }

        return new Checkpoint(lines[0], size, root, time);
    }
}
