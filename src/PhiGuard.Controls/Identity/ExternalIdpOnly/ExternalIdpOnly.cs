using System.Text.RegularExpressions;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// People authenticate through an external identity provider: the API server has an OIDC issuer (flags or
/// AuthenticationConfiguration <c>jwt[]</c>), no static token file, and RBAC binds human users and groups by the
/// IdP's prefix, not by client-certificate names. Managed: EKS access entries, AKS Entra ID without local accounts,
/// GKE Google Groups without client certificates.
/// </summary>
internal sealed partial class ExternalIdpOnly : ApiServerControl
{
    public override string Id => "external-idp-only";

    public override string Title => "People authenticate only through an external identity provider";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(i)", "164.312(d)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-082", "hipaa-105"];

    public override IReadOnlyList<string> Requirements => ["S24"];

    public override IReadOnlyList<string> Kinds => ["Pod", "RoleBinding", "ClusterRoleBinding", ProviderDescription.Kind];

    public override string Rationale =>
        "Client certificates and static tokens cannot be revoked one by one, carry no MFA and outlive the people they " +
        "were issued to; only an identity provider gives unique, centrally disabled identities (164.312(a)(2)(i)) and " +
        "verified authentication (164.312(d)) for everyone who can reach PHI.";

    public override string Remediation =>
        "Configure OIDC on kube-apiserver (`--oidc-issuer-url`, `--oidc-client-id`, `--oidc-username-prefix=oidc:`, " +
        "`--oidc-groups-prefix=oidc:`) or an AuthenticationConfiguration with `jwt[]` issuers and prefixed claim " +
        "mappings; remove `--token-auth-file`; bind people in RBAC as `oidc:<user>` / `oidc:<group>` only. EKS: " +
        "`authenticationMode: API` (access entries, IAM Identity Center); AKS: Entra ID integration with " +
        "`disableLocalAccounts: true`; GKE: Google Groups for RBAC and no client certificate.";

    public override string Remarks =>
        "Flags: the username prefix is `--oidc-username-prefix`, defaulting to the issuer URL + `#` unless the username " +
        "claim is `email` (then none); `-` means none. AuthenticationConfiguration: `claimMappings.username.prefix` " +
        "(or a leading string literal of `claimMappings.username.expression`) and `claimMappings.groups.prefix`; when " +
        "the file is given its `jwt[]` decides, as the API server refuses `--oidc-*` beside it. RBAC User and Group " +
        "subjects must start with a non-empty IdP prefix: without one an IdP user cannot be told apart from a " +
        "client-certificate CN of the same name, so such subjects fail. Exempt: `system:` and `kubeadm:` names (the " +
        "platform's own identities) and subjects on `clusterAdminAllowList` (the documented break-glass). RBAC " +
        "subjects are judged once, against the prefixes of every visible API server. Managed clusters are judged " +
        "from the description only: EKS `accessConfig.authenticationMode` API or API_AND_CONFIG_MAP passes and " +
        "CONFIG_MAP (aws-auth ConfigMap only) fails; AKS needs `aadProfile` and `disableLocalAccounts: true`; GKE " +
        "needs `authenticatorGroupsConfig.enabled` and no client certificate or basic-auth user. Their RBAC subjects " +
        "are not judged, since provider identities carry no configurable prefix.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var authn = FileOf(api, view, "authentication-config", verdict, out var configSet);
        if (configSet && authn is null)
        {
            return;
        }

        var failed = false;
        var idps = IdpsOf(api, authn);
        if (idps.Count == 0)
        {
            var path = authn is not null ? api.PathOf("authentication-config") : api.PathOf("oidc-issuer-url");
            verdict.Fail(api.Pod, path, $"{api.Pod.Name}: no external identity provider is configured (no --oidc-issuer-url and no jwt issuer in an AuthenticationConfiguration), so people authenticate with certificates or tokens");
            failed = true;
        }

        if (api.Flags.Value("token-auth-file") is { Length: > 0 } tokens)
        {
            verdict.Fail(api.Pod, api.PathOf("token-auth-file"), $"{api.Pod.Name}: --token-auth-file={tokens} accepts static bearer tokens that never expire and bypass the IdP");
            failed = true;
        }

        if (!failed)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: IdP {string.Join(", ", idps.Select(i => i.Issuer))}, no static token file");
        }

        if (ReferenceEquals(api, view.ApiServers[0]))
        {
            var all = view.ApiServers.SelectMany(a => IdpsOf(a, string.IsNullOrEmpty(a.Flags.Value("authentication-config")) ? null : view.FileAt(a.Flags.Value("authentication-config")!, a.Node))).ToList();
            if (all.Count > 0)
            {
                CheckSubjects(all, context, verdict);
            }
        }
    }

    protected override bool CheckManaged(ProviderDescription provider, ControlContext context, ClusterVerdict verdict)
    {
        switch (provider.Provider)
        {
            case "eks":
                var mode = provider.Get("accessConfig")?.GetString("authenticationMode");
                if (mode is null)
                {
                    return false;
                }

                if (mode is "API" or "API_AND_CONFIG_MAP")
                {
                    verdict.Pass(provider.Object, $"EKS authenticationMode {mode}: people are mapped by IAM access entries");
                }
                else
                {
                    verdict.Fail(provider.Object, provider.PathOf("accessConfig.authenticationMode"), $"EKS authenticationMode {mode}: identities are mapped only by the in-cluster aws-auth ConfigMap, which any cluster admin can edit outside IAM");
                }

                return true;
            case "aks":
                var failed = false;
                if (provider.Get("aadProfile") is not { ValueKind: System.Text.Json.JsonValueKind.Object })
                {
                    verdict.Fail(provider.Object, provider.PathOf("aadProfile"), "AKS has no Entra ID (aadProfile) integration, so people authenticate with cluster certificates");
                    failed = true;
                }

                if (provider.Description.GetBool("disableLocalAccounts") != true)
                {
                    verdict.Fail(provider.Object, provider.PathOf("disableLocalAccounts"), "AKS local accounts are enabled: `az aks get-credentials --admin` hands out a client-certificate admin outside Entra ID");
                    failed = true;
                }

                if (!failed)
                {
                    verdict.Pass(provider.Object, "AKS uses Entra ID with local accounts disabled");
                }

                return true;
            case "gke":
                var gfailed = false;
                if (provider.Get("masterAuth.clientCertificateConfig")?.GetBool("issueClientCertificate") == true)
                {
                    verdict.Fail(provider.Object, provider.PathOf("masterAuth.clientCertificateConfig.issueClientCertificate"), "GKE issues a client certificate, a cluster credential outside Google identity");
                    gfailed = true;
                }

                if (provider.Get("masterAuth")?.GetString("username") is { Length: > 0 })
                {
                    verdict.Fail(provider.Object, provider.PathOf("masterAuth.username"), "GKE has a basic-auth user, a static credential outside Google identity");
                    gfailed = true;
                }

                if (provider.Get("authenticatorGroupsConfig")?.GetBool("enabled") != true)
                {
                    verdict.Fail(provider.Object, provider.PathOf("authenticatorGroupsConfig"), "GKE Google Groups for RBAC (authenticatorGroupsConfig) is not enabled, so access cannot follow IdP group membership");
                    gfailed = true;
                }

                if (!gfailed)
                {
                    verdict.Pass(provider.Object, "GKE authenticates with Google identity and Google Groups, no client certificate");
                }

                return true;
            default:
                return false;
        }
    }

    private static List<Idp> IdpsOf(ControlPlaneComponent api, KubeObject? authn)
    {
        var list = new List<Idp>();
        if (authn is not null)
        {
            foreach (var jwt in authn.Json.GetArray("jwt"))
            {
                var issuer = jwt.GetObject("issuer")?.GetString("url") ?? "(no issuer url)";
                var mappings = jwt.GetObject("claimMappings");
                var username = mappings?.GetObject("username");
                var userPrefix = username?.GetString("prefix") ??
                                 (username?.GetString("expression") is { } e && LeadingLiteral().Match(e) is { Success: true } m ? m.Groups[2].Value : string.Empty);
                var groupPrefix = mappings?.GetObject("groups")?.GetString("prefix") ?? string.Empty;
                list.Add(new Idp(issuer, userPrefix, groupPrefix));
            }

            return list;
        }

        if (api.Flags.Value("oidc-issuer-url") is { Length: > 0 } url)
        {
            var claim = api.Flags.Value("oidc-username-claim") ?? "sub";
            var userPrefix = api.Flags.Value("oidc-username-prefix") switch
            {
                null => claim == "email" ? string.Empty : url + "#",
                "-" => string.Empty,
                var p => p,
            };
            list.Add(new Idp(url, userPrefix, api.Flags.Value("oidc-groups-prefix") ?? string.Empty));
        }

        return list;
    }

    private static void CheckSubjects(List<Idp> idps, ControlContext context, ClusterVerdict verdict)
    {
        var userPrefixes = idps.Select(i => i.UserPrefix).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var groupPrefixes = idps.Select(i => i.GroupPrefix).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var allowed = context.Config.ClusterAdminAllowList;
        var bindings = context.Inventory.OfKind("ClusterRoleBinding").Concat(context.Inventory.OfKind("RoleBinding")).OrderBy(b => b.Ref);
        foreach (var binding in bindings)
        {
            var i = 0;
            foreach (var subject in binding.Json.GetArray("subjects"))
            {
                var kind = subject.GetString("kind");
                var name = subject.GetString("name") ?? string.Empty;
                var index = i++;
                if (kind is not ("User" or "Group") || name.StartsWith("system:", StringComparison.Ordinal) ||
                    name.StartsWith("kubeadm:", StringComparison.Ordinal) ||
                    allowed.Any(a => a.Kind == kind && a.Name == name))
                {
                    continue;
                }

                var prefixes = kind == "User" ? userPrefixes : groupPrefixes;
                if (prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                var why = prefixes.Count == 0
                    ? $"no IdP {(kind == "User" ? "username" : "groups")} prefix is configured, so it cannot be told apart from a client-certificate {(kind == "User" ? "CN" : "O")} of the same name"
                    : $"it does not carry the IdP prefix ({string.Join(", ", prefixes.Select(p => $"'{p}'"))}), so it names a client-certificate {(kind == "User" ? "CN" : "O")} or static identity";
                verdict.Fail(binding, $"subjects[{index}].name", $"{binding.Kind} {binding.Name}: {kind} \"{name}\": {why}");
            }
        }
    }

    [GeneratedRegex(@"^\s*(['""])([^'""]+)\1\s*\+")]
    private static partial Regex LeadingLiteral();

    private sealed record Idp(string Issuer, string UserPrefix, string GroupPrefix);
}
