using System.Text;

namespace PhiGuard.Sources.Node.Collect;

/// <summary>
/// Keeps only the public blocks of a PEM file (certificates, public keys, CRLs) and drops every other block, so a
/// combined certificate-and-key file such as <c>kubelet-client-current.pem</c> yields its certificate only.
/// </summary>
internal static class PemFilter
{
    private static readonly HashSet<string> PublicLabels = new(StringComparer.Ordinal)
    {
        "CERTIFICATE", "TRUSTED CERTIFICATE", "PUBLIC KEY", "RSA PUBLIC KEY", "X509 CRL",
    };

    /// <summary>The public blocks, and the labels of the blocks dropped; <c>Pem</c> false when the text holds no PEM block.</summary>
    public static (string Kept, IReadOnlyList<string> Dropped, bool Pem) Filter(string text)
    {
        var kept = new StringBuilder();
        var dropped = new List<string>();
        var pem = false;
        var pos = 0;
        while (true)
        {
            var begin = text.IndexOf("-----BEGIN ", pos, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var labelEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
            if (labelEnd < 0)
            {
                break;
            }

            var label = text[(begin + 11)..labelEnd];
            var endMarker = "-----END " + label + "-----";
            var end = text.IndexOf(endMarker, labelEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                // An unterminated block cannot be judged: treat it as private and drop it with the rest of the file.
                dropped.Add(label);
                break;
            }

            pem = true;
            end += endMarker.Length;
            if (PublicLabels.Contains(label))
            {
                kept.Append(text, begin, end - begin).Append('\n');
            }
            else
            {
                dropped.Add(label);
            }

            pos = end;
        }

        return (kept.ToString(), dropped, pem || dropped.Count > 0);
    }
}
