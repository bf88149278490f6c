using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PhiGuard.Core.Analysis.Secrets;

/// <summary>
/// Finds credentials written in plain text: PEM private keys, cloud access keys, JWTs, tokens of well-known
/// services, connection strings with a password, and high-entropy values under credential-like names. Reports a
/// kind and a fingerprint, never the value.
/// </summary>
public static partial class CredentialDetector
{
    private static readonly string[] CredentialWords = ["PASS", "PWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "AUTH"];

    /// <summary>True for names like <c>DB_PASSWORD</c>, <c>apiKey</c>, <c>client-secret</c>, <c>AUTH_TOKEN</c>.</summary>
    public static bool IsCredentialName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.ToUpperInvariant();
        return CredentialWords.Any(w => upper.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>
    /// The credential in <paramref name="value"/>, judged by its content alone (any name): null when none of the
    /// detectors matches.
    /// </summary>
    public static CredentialMatch? DetectValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < 8)
        {
            return null;
        }

        string? kind = null;
        if (PemPrivateKey().IsMatch(value))
        {
            kind = "PEM private key";
        }
        else if (AwsAccessKey().IsMatch(value))
        {
            kind = "AWS access key id";
        }
        else if (AzureAccountKey().IsMatch(value))
        {
            kind = "Azure storage account key";
        }
        else if (GoogleApiKey().IsMatch(value))
        {
            kind = "Google API key";
        }
        else if (Jwt().IsMatch(value))
        {
            kind = "JSON Web Token";
        }
        else if (GitHubToken().IsMatch(value) || SlackToken().IsMatch(value))
        {
            kind = "service access token";
        }
        else if (UrlWithPassword().Match(value) is { Success: true } url && IsRealPassword(url.Groups["pw"].Value))
        {
            kind = "connection string with a password";
        }
        else if (KeyValuePassword().Match(value) is { Success: true } kv && IsRealPassword(kv.Groups["pw"].Value))
        {
            kind = "connection string with a password";
        }

        return kind is null ? null : Match(kind, value);
    }

    /// <summary>
    /// The credential in a named value: a detector match, or, under a credential-like name, a high-entropy
    /// value (16+ characters, no spaces, at least 3.5 bits of entropy per character).
    /// </summary>
    public static CredentialMatch? Detect(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (DetectValue(value) is { } m)
        {
            return m;
        }

        return IsCredentialName(name) && LooksRandom(value) ? Match("high-entropy value under a credential-like name", value) : null;
    }

    /// <summary>The fingerprint of a value: <c>sha256:</c> and the first 8 hex digits of its SHA-256.</summary>
    public static string Fingerprint(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return "sha256:" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    /// <summary>A match of the given kind for a value (kind, fingerprint and length only).</summary>
    public static CredentialMatch Match(string kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new CredentialMatch(kind, Fingerprint(value), value.Length);
    }

    /// <summary>Shannon entropy per character of a string.</summary>
    public static double Entropy(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        double h = 0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / value.Length;
            h -= p * Math.Log2(p);
        }

        return h;
    }

    private static bool LooksRandom(string value) =>
        value.Length >= 16 && !value.Any(char.IsWhiteSpace) && !value.StartsWith('/') && !value.Contains("://", StringComparison.Ordinal) &&
        Entropy(value) >= 3.5;

    // Placeholders and templating (${DB_PASSWORD}, $(PASS), {{ .pw }}, *****) are references, not passwords.
    private static bool IsRealPassword(string pw) =>
        pw.Length > 0 && !pw.StartsWith('$') && !pw.StartsWith("{{", StringComparison.Ordinal) && !pw.All(c => c == '*') &&
        !pw.Equals("<password>", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"AccountKey=[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex AzureAccountKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}\b")]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36,}\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@]+:(?<pw>[^@\s/]+)@")]
    private static partial Regex UrlWithPassword();

    [GeneratedRegex(@"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*(?<pw>[^;]+)")]
    private static partial Regex KeyValuePassword();
}
