using System.Text;

namespace PhiGuard.AuditTrail.Checkpoints;

/// <summary>
/// A C2SP signed note: the text, a blank line, then one line per signature <c>— name base64(keyid ‖ signature)</c>;
/// the signature covers the text including its final newline.
/// </summary>
public static class SignedNote
{
    private const string Dash = "\u2014 ";

    public static string Sign(Checkpoint checkpoint, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        var body = checkpoint.Body();
        var sig = key.Sign(Encoding.UTF8.GetBytes(body));
        var blob = new byte[key.KeyId.Length + sig.Length];
        key.KeyId.CopyTo(blob, 0);
        sig.CopyTo(blob, key.KeyId.Length);
        return body + "\n" + Dash + checkpoint.Origin + " " + Convert.ToBase64String(blob) + "\n";
    }

    /// <summary>
    /// Opens a note: returns the checkpoint when a signature line by <paramref name="key"/> (name = the checkpoint's
    /// origin, matching key id) verifies; otherwise the reason in <paramref name="error"/>.
    /// </summary>
    public static Checkpoint? Open(string note, SigningKey key, out string? error)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(key);
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "not a signed note (no blank line before the signatures)";
            return null;
        }

        var body = note[..(split + 1)];
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.ParseBody(body);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }

        var sawKey = false;
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                error = "malformed signature line";
                return null;
            }

            var parts = line[Dash.Length..].Split(' ');
            if (parts.Length != 2 || parts[0] != checkpoint.Origin)
            {
                continue;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                error = "signature is not base64";
                return null;
            }

            if (blob.Length <= 4 || !blob.AsSpan(0, 4).SequenceEqual(key.KeyId))
            {
                continue;
            }

            sawKey = true;
            if (key.Verify(Encoding.UTF8.GetBytes(body), blob.AsSpan(4)))
            {
                error = null;
                return checkpoint;
            }
        }

        error = sawKey ? "signature does not verify with the given key" : "no signature by the given key";
        return null;
    }
}
