using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// Reads every image verification rule of the inventory: Kyverno <c>verifyImages</c> entries (kyverno.io/v1
/// ClusterPolicy and Policy) and sigstore <c>ClusterImagePolicy</c> objects (policy.sigstore.dev), which act only in
/// namespaces labelled <c>policy.sigstore.dev/include: "true"</c>.
/// </summary>
internal static class ImageVerifiers
{
    public const string SigstoreInclude = "policy.sigstore.dev/include";

    public static IReadOnlyList<ImageVerifier> Of(Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var result = new List<ImageVerifier>();
        foreach (var rule in KyvernoRule.All(inventory))
        {
            var j = 0;
            foreach (var v in rule.Json.GetArray("verifyImages"))
            {
                result.Add(FromKyverno(rule, v, j++));
            }
        }

        foreach (var cip in inventory.OfKind("policy.sigstore.dev", "ClusterImagePolicy"))
        {
            result.Add(FromSigstore(cip));
        }

        return result;
    }

    private static ImageVerifier FromKyverno(KyvernoRule rule, JsonElement v, int j)
    {
        var path = $"{rule.Path}.verifyImages[{j}]";
        var patterns = v.GetArray("imageReferences").Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList();
        if (v.GetString("image") is { } legacy)
        {
            patterns.Add(legacy);
        }

        var weaknesses = new List<(string, string)>();
        if (v.GetBool("required") == false)
        {
            weaknesses.Add(($"{path}.required", "required: false lets unsigned images through"));
        }

        if (v.GetBool("verifyDigest") == false)
        {
            weaknesses.Add(($"{path}.verifyDigest", "verifyDigest: false lets images run by tag, so what runs is not what was verified"));
        }

        var entryAttestors = v.GetArray("attestors").Any() || v.Has("key") || v.Has("keyless");
        var types = new List<string>();
        foreach (var a in v.GetArray("attestations"))
        {
            // An attestation is verified as signed by its own attestors or, lacking them, the entry's.
            if ((a.GetArray("attestors").Any() || entryAttestors) && (a.GetString("type") ?? a.GetString("predicateType")) is { } t)
            {
                types.Add(t);
            }
        }

        var own = v.GetString("failureAction");
        return new ImageVerifier
        {
            Policy = rule.Policy,
            Path = path,
            Describe = $"{rule.Describe} verifyImages[{j}]",
            Patterns = patterns,
            SegmentGlobs = false,
            ModeIn = ns => rule.ActionFor(ns, own),
            IsEnforcing = ns => KyvernoRule.IsEnforce(rule.ActionFor(ns, own)),
            VerifiesSignature = entryAttestors,
            Weaknesses = weaknesses,
            AttestationTypes = types,
            Coverage = (ns, labels, kind) => (rule.Covers(ns, labels, kind, out var why), why),
        };
    }

    private static ImageVerifier FromSigstore(KubeObject cip)
    {
        var spec = cip.Json.GetObject("spec");
        var patterns = (spec?.GetArray("images") ?? []).Select(i => i.GetString("glob")).OfType<string>().ToList();
        var authorities = (spec?.GetArray("authorities") ?? []).ToList();

        // An authority with `static: {action: pass}` admits everything: it verifies nothing.
        var verifying = authorities.Where(a => a.Has("key") || a.Has("keyless")).ToList();
        var types = verifying.SelectMany(a => a.GetArray("attestations"))
            .Select(a => a.GetString("predicateType"))
            .OfType<string>()
            .ToList();
        var mode = spec?.GetString("mode") ?? "enforce";
        var describe = $"sigstore ClusterImagePolicy {cip.Name}";
        return new ImageVerifier
        {
            Policy = cip,
            Path = "spec",
            Describe = describe,
            Patterns = patterns,
            SegmentGlobs = true,
            ModeIn = _ => mode,
            IsEnforcing = _ => mode.Equals("enforce", StringComparison.OrdinalIgnoreCase),
            VerifiesSignature = verifying.Count > 0,
            Weaknesses = [],
            AttestationTypes = types,
            Coverage = (ns, labels, _) => labels.TryGetValue(SigstoreInclude, out var v) && v == "true"
                ? (true, string.Empty)
                : (false, $"{describe} does not act in namespace {ns}, which is not labelled {SigstoreInclude}=true"),
        };
    }
}
