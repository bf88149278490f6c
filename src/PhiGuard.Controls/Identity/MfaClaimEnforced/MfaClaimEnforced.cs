using System.Text.Json;
using System.Text.RegularExpressions;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// Every JWT issuer the API server trusts requires a multi-factor claim (a <c>claimValidationRules</c> rule on
/// <c>amr</c> containing <c>mfa</c> or on an MFA <c>acr</c>); otherwise an unexpired attestation
/// <c>mfa-claim-enforced</c> in phiguard.yaml states that the IdP's conditional access enforces MFA for the cluster client.
/// </summary>
internal sealed partial class MfaClaimEnforced : ApiServerControl
{
    /// <summary>The attestation item that stands in for the CEL rule: the control's own id, so the CLI accepts it.</summary>
    public const string AttestationItem = "mfa-claim-enforced";

    private const int AttestationMaxAgeDays = 365;

    private static readonly string[] MfaAcrWords = ["mfa", "multi-factor", "multifactor", "2fa", "phr"];

    public override string Id => "mfa-claim-enforced";

    public override string Title => "The API server accepts only tokens that prove multi-factor authentication";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(d)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(f)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-105"];

    public override IReadOnlyList<string> Requirements => ["S24"];

    public override IReadOnlyList<string> Kinds => ["Pod", "AuthenticationConfiguration", ProviderDescription.Kind];

    public override string Rationale =>
        "A stolen password is enough to reach PHI when the IdP does not demand a second factor; a claim rule on the " +
        "API server makes MFA a property of every accepted token rather than a hope about IdP settings.";

    public override string Remediation =>
        "Give kube-apiserver an AuthenticationConfiguration whose every `jwt[]` issuer has " +
        "`claimValidationRules: [{expression: \"'mfa' in claims.amr\", message: \"MFA required\"}]` (or an `acr` " +
        "rule naming your IdP's MFA context). Where the IdP cannot put MFA in the token, record an attestation " +
        "`{item: mfa-claim-enforced, by: …, date: …, link: …}` in phiguard.yaml that its conditional access enforces " +
        "MFA for the cluster's client.";

    public override string Remarks =>
        "Rules are recognised by pattern, not evaluated: an expression counts when it tests `'mfa' in claims.amr` (or " +
        "`claims.amr.exists(x, x == 'mfa')`) or compares `claims.acr` with a value naming MFA (containing mfa, " +
        "multi-factor, multifactor, 2fa or phr); a `claim: acr` / `requiredValue` rule and `--oidc-required-claim " +
        "acr=…` count on the same terms. Every issuer must have such a rule, since a token from any of them is " +
        "accepted. Otherwise the attestation item `mfa-claim-enforced` decides (the control's own id, so `phiguard " +
        "scan` accepts it; valid 12 months or to its `expires`); an expired, future-dated or evidence-broken " +
        "attestation fails. Managed clusters: the attestation decides; without one the control is not assessable.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var authn = FileOf(api, view, "authentication-config", verdict, out var configSet);
        if (configSet && authn is null)
        {
            return;
        }

        var gaps = new List<(KubeObject Object, string Path, string Why)>();
        var proofs = new List<string>();
        var issuers = authn?.Json.GetArray("jwt").ToList() ?? [];
        if (authn is not null && issuers.Count > 0)
        {
            for (var i = 0; i < issuers.Count; i++)
            {
                var url = issuers[i].GetObject("issuer")?.GetString("url") ?? $"jwt[{i}]";
                if (MfaRule(issuers[i]) is { } rule)
                {
                    proofs.Add($"{url}: {rule}");
                }
                else
                {
                    gaps.Add((authn, $"jwt[{i}].claimValidationRules", $"issuer {url} has no claimValidationRules rule requiring an MFA amr or acr claim"));
                }
            }
        }
        else if (api.Flags.Value("oidc-issuer-url") is { Length: > 0 } issuer)
        {
            var acr = api.Flags.List("oidc-required-claim")
                .Select(c => c.Split('=', 2))
                .FirstOrDefault(kv => kv.Length == 2 && kv[0].Trim() == "acr" && IsMfaAcr(kv[1]));
            if (acr is not null)
            {
                proofs.Add($"{issuer}: --oidc-required-claim acr={acr[1]}");
            }
            else
            {
                gaps.Add((api.Pod, api.PathOf("oidc-required-claim"), $"{api.Pod.Name}: issuer {issuer} is configured with --oidc-* flags and no --oidc-required-claim for an MFA acr (amr rules need an AuthenticationConfiguration)"));
            }
        }
        else
        {
            gaps.Add((api.Pod, api.PathOf("authentication-config"), $"{api.Pod.Name}: no OIDC/JWT issuer is configured, so no accepted credential carries proof of MFA"));
        }

        if (gaps.Count == 0)
        {
            verdict.Pass(authn ?? api.Pod, "every issuer requires MFA: " + string.Join("; ", proofs));
            return;
        }

        var (attestation, valid, message) = ControlAttestation.Judge(context, AttestationItem, AttestationMaxAgeDays);
        if (valid)
        {
            verdict.Pass(api.Pod, $"{message}: IdP conditional access enforces MFA ({gaps.Count} issuer(s) without a claim rule)");
            return;
        }

        foreach (var (obj, path, why) in gaps)
        {
            verdict.Fail(obj, path, attestation is null ? $"{why}, and {message}" : $"{why}; {message}");
        }
    }

    protected override bool CheckManaged(ProviderDescription provider, ControlContext context, ClusterVerdict verdict)
    {
        var (attestation, valid, message) = ControlAttestation.Judge(context, AttestationItem, AttestationMaxAgeDays);
        if (valid)
        {
            verdict.Pass(provider.Object, $"{provider.Provider.ToUpperInvariant()}: {message}: IdP conditional access enforces MFA");
        }
        else if (attestation is not null)
        {
            verdict.Fail(provider.Object, string.Empty, $"{provider.Provider.ToUpperInvariant()}: the API server's token rules are not visible and {message}");
        }
        else
        {
            verdict.NotAssessable($"the {provider.Provider.ToUpperInvariant()} API server's authentication is run by the provider and not in its description; attest IdP-enforced MFA with an attestation '{AttestationItem}' in phiguard.yaml");
        }

        return true;
    }

    /// <summary>A description of the issuer's MFA rule, or null when none of its rules requires MFA.</summary>
    private static string? MfaRule(JsonElement jwt)
    {
        foreach (var rule in jwt.GetArray("claimValidationRules"))
        {
            if (rule.GetString("expression") is { } e && (AmrMfa().IsMatch(e) || (AcrValue().Match(e) is { Success: true } m && IsMfaAcr(m.Groups["v"].Value))))
            {
                return e;
            }

            if (rule.GetString("claim") == "acr" && rule.GetString("requiredValue") is { } v && IsMfaAcr(v))
            {
                return $"acr == {v}";
            }
        }

        return null;
    }

    private static bool IsMfaAcr(string value) =>
        MfaAcrWords.Any(k => value.Contains(k, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"['""]mfa['""]\s+in\s+claims(\.amr|\[['""]amr['""]\])|claims\.amr\.exists\(\s*(\w+)\s*,\s*\2\s*==\s*['""]mfa['""]\s*\)")]
    private static partial Regex AmrMfa();

    [GeneratedRegex(@"claims\.acr\s*==\s*['""](?<v>[^'""]+)['""]|['""](?<v>[^'""]+)['""]\s*==\s*claims\.acr")]
    private static partial Regex AcrValue();
}
