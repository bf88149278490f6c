using System.Text.RegularExpressions;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// One admission-time image verification rule: a Kyverno <c>verifyImages</c> entry or a sigstore policy-controller
/// <c>ClusterImagePolicy</c>, reduced to what PhiGuard judges: the image patterns it covers, the namespaces it acts
/// in, whether it refuses (rather than warns), whether it checks signatures, and which signed attestation predicate
/// types it requires.
/// </summary>
internal sealed partial record ImageVerifier
{
    public required KubeObject Policy { get; init; }

    /// <summary>Field path of the entry inside the policy (<c>spec.rules[0].verifyImages[0]</c>, <c>spec</c>).</summary>
    public required string Path { get; init; }

    /// <summary>"Kyverno ClusterPolicy verify-phi-images rule verify-signature", for messages.</summary>
    public required string Describe { get; init; }

    public required IReadOnlyList<string> Patterns { get; init; }

    /// <summary>True for sigstore globs (<c>*</c> stays within a path segment, <c>**</c> crosses them).</summary>
    public required bool SegmentGlobs { get; init; }

    /// <summary>The mode in a namespace (Enforce/Audit for Kyverno, enforce/warn for sigstore).</summary>
    public required Func<string, string> ModeIn { get; init; }

    public required Func<string, bool> IsEnforcing { get; init; }

    /// <summary>True when the entry verifies image signatures (has attestors or authorities that check a key or identity).</summary>
    public required bool VerifiesSignature { get; init; }

    /// <summary>Settings that weaken signature verification (<c>required: false</c>, <c>verifyDigest: false</c>), as field path and text.</summary>
    public required IReadOnlyList<(string Path, string Text)> Weaknesses { get; init; }

    /// <summary>Predicate types of the attestations the entry requires to be signed and present.</summary>
    public required IReadOnlyList<string> AttestationTypes { get; init; }

    /// <summary>Whether the entry acts on pods of a kind in a namespace; the string says why not.</summary>
    public required Func<string, IReadOnlyDictionary<string, string>, string, (bool Covers, string Why)> Coverage { get; init; }

    /// <summary>True when one of the patterns matches the image as written or fully qualified.</summary>
    public bool MatchesImage(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var parsed = ImageRef.Parse(image);
        var suffix = (parsed.Tag is null ? string.Empty : ":" + parsed.Tag) + (parsed.Digest is null ? string.Empty : "@" + parsed.Digest);
        var forms = new[]
        {
            image,
            $"{parsed.Registry}/{parsed.Repository}{suffix}",
            parsed.Registry == "docker.io" ? $"index.docker.io/{parsed.Repository}{suffix}" : image,
        };
        return Patterns.Any(p => forms.Any(f => SegmentGlobs ? SegmentGlob(p, f) : WaiverSelector.Glob(p, f)));
    }

    private static bool SegmentGlob(string pattern, string value)
    {
        var regex = "^" + Regex.Escape(pattern)
            .Replace("\\*\\*", "\u0001", StringComparison.Ordinal)
            .Replace("\\*", "[^/]*", StringComparison.Ordinal)
            .Replace("\\?", "[^/]", StringComparison.Ordinal)
            .Replace("\u0001", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
