using System.Text.Json;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>
/// A managed cluster's API endpoint is private or limited to named CIDRs, never open to 0.0.0.0/0 (EKS, GKE, AKS
/// descriptions); self-managed endpoints are not assessable from configuration.
/// </summary>
internal sealed class ApiserverEndpointRestricted : ClusterControl
{
    public override string Id => "apiserver-endpoint-restricted";

    public override string Title => "API endpoint is private or limited to bastion/VPN networks";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(e)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-106"];

    public override IReadOnlyList<string> Requirements => ["S6", "S30"];

    public override IReadOnlyList<string> Kinds => [ProviderDescription.Kind];

    public override string Rationale =>
        "An API server reachable from the whole internet is exposed to credential stuffing and every future " +
        "authentication bug; limiting it to a bastion or VPN keeps administration on recorded paths.";

    public override string Remediation =>
        "EKS: `endpointPublicAccess=false`, or `publicAccessCidrs` set to your VPN/bastion ranges. GKE: private " +
        "endpoint or `masterAuthorizedNetworksConfig` with named ranges. AKS: private cluster or " +
        "`apiServerAccessProfile.authorizedIpRanges`. Self-managed: firewall the endpoint and attest it.";

    public override string Remarks =>
        "Judged only from a provider description; a self-managed API server's reachability is a network fact no " +
        "configuration file shows, so it is not assessable (an attestation belongs in phiguard.yaml).";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        if (view.Provider is not { } p)
        {
            verdict.NotAssessable(view.ManagedProvider is { } m
                ? $"{m.ToUpperInvariant()} cluster without its description: give it with --provider FILE"
                : "a self-managed API endpoint's reachability is not visible in configuration: restrict it at the network and attest it");
            return;
        }

        var o = p.Object;
        switch (p.Provider)
        {
            case "eks":
                var vpc = p.Get("resourcesVpcConfig");
                if (vpc?.GetBool("endpointPublicAccess") == false)
                {
                    verdict.Pass(o, "EKS endpoint is private (endpointPublicAccess=false)");
                }
                else
                {
                    Cidrs(p, verdict, vpc?.GetArray("publicAccessCidrs"), "resourcesVpcConfig.publicAccessCidrs", "EKS public endpoint", defaultOpen: true);
                }

                break;
            case "gke":
                if (p.Get("privateClusterConfig")?.GetBool("enablePrivateEndpoint") == true)
                {
                    verdict.Pass(o, "GKE control plane has a private endpoint only");
                }
                else if (p.Get("masterAuthorizedNetworksConfig")?.GetBool("enabled") == true)
                {
                    Cidrs(p, verdict, p.Get("masterAuthorizedNetworksConfig")?.GetArray("cidrBlocks").Select(b => b.GetProperty("cidrBlock")), "masterAuthorizedNetworksConfig.cidrBlocks", "GKE authorized networks", defaultOpen: false);
                }
                else
                {
                    verdict.Fail(o, p.PathOf("masterAuthorizedNetworksConfig"), "GKE public endpoint without master authorized networks: reachable from 0.0.0.0/0");
                }

                break;
            case "aks":
                var access = p.Get("apiServerAccessProfile") ?? p.Get("properties.apiServerAccessProfile");
                if (access?.GetBool("enablePrivateCluster") == true)
                {
                    verdict.Pass(o, "AKS private cluster");
                }
                else
                {
                    Cidrs(p, verdict, access?.GetArray("authorizedIpRanges"), "apiServerAccessProfile.authorizedIpRanges", "AKS API server", defaultOpen: true);
                }

                break;
            default:
                verdict.NotAssessable($"unknown provider '{p.Provider}'");
                break;
        }
    }

    private static void Cidrs(ProviderDescription p, ClusterVerdict verdict, IEnumerable<JsonElement>? values, string path, string what, bool defaultOpen)
    {
        var cidrs = values?.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList() ?? [];
        if (cidrs.Count == 0)
        {
            if (defaultOpen)
            {
                verdict.Fail(p.Object, p.PathOf(path), $"{what} has no allowed-CIDR list, so it is reachable from 0.0.0.0/0");
            }
            else
            {
                verdict.Pass(p.Object, $"{what} allow no public range");
            }

            return;
        }

        var open = cidrs.Where(c => c is "0.0.0.0/0" or "::/0").ToList();
        if (open.Count > 0)
        {
            verdict.Fail(p.Object, p.PathOf(path), $"{what} is reachable from {string.Join(", ", open)}");
        }
        else
        {
            verdict.Pass(p.Object, $"{what} limited to {string.Join(", ", cidrs)}");
        }
    }
}
