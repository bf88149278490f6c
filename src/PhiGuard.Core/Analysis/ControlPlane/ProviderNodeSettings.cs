using System.Globalization;
using System.Text.Json;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// Node-level settings of a managed cluster as its provider description states them: instance-metadata hardening
/// (EKS launch templates' IMDSv2 <c>HttpTokens=required</c> with hop limit 1, GKE node pools'
/// <c>workloadMetadataConfig.mode=GKE_METADATA</c>, AKS <c>podLinkLocalAccess=None</c>) and node disk encryption
/// (EKS launch templates' EBS <c>Encrypted</c> or the account's encryption-by-default, GKE <c>bootDiskKmsKey</c>, AKS
/// <c>enableEncryptionAtHost</c>). What the description does not show is not assessable, never a pass.
/// </summary>
/// <remarks>
/// <c>aws eks describe-cluster</c> says nothing about nodes, so an EKS provider file may carry, beside
/// <c>cluster</c>, the outputs of <c>aws eks describe-nodegroup</c> (<c>nodegroups: [ {nodegroup} … ]</c>),
/// <c>aws ec2 describe-launch-template-versions</c> (<c>LaunchTemplateVersions: […]</c>) and
/// <c>aws ec2 get-ebs-encryption-by-default</c> (<c>EbsEncryptionByDefault: true|false</c>).
/// </remarks>
public static class ProviderNodeSettings
{
    /// <summary>Judges instance-metadata hardening for every node group or pool the description shows.</summary>
    public static IReadOnlyList<ProviderAssessment> MetadataHardening(ProviderDescription provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var list = new List<ProviderAssessment>();
        switch (provider.Provider)
        {
            case "eks":
                EksMetadata(provider, list);
                break;
            case "gke":
                Pools(provider, "nodePools", list, "no node pools in the GKE description", (pool, path, name) =>
                {
                    var mode = pool.GetPath("config.workloadMetadataConfig")?.GetString("mode");
                    return mode == "GKE_METADATA"
                        ? new ProviderAssessment(Status.Pass, path, $"GKE node pool {name}: workloadMetadataConfig.mode GKE_METADATA (metadata server hides node credentials)")
                        : new ProviderAssessment(Status.Fail, path + ".config.workloadMetadataConfig",
                            $"GKE node pool {name}: workloadMetadataConfig.mode is {mode ?? "unset"}, not GKE_METADATA: pods can read the node service account's token from the metadata server");
                });
                break;
            case "aks":
                var profile = provider.Get("networkProfile") ?? provider.Get("properties.networkProfile");
                var access = profile?.GetString("podLinkLocalAccess");
                var where = provider.Get("networkProfile") is not null ? "networkProfile.podLinkLocalAccess" : "properties.networkProfile.podLinkLocalAccess";
                list.Add(access switch
                {
                    "None" => new ProviderAssessment(Status.Pass, provider.PathOf(where), "AKS networkProfile.podLinkLocalAccess None: pods cannot reach the instance metadata endpoint"),
                    _ => new ProviderAssessment(Status.Fail, provider.PathOf(where), $"AKS networkProfile.podLinkLocalAccess is {access ?? "unset (default IMDS)"}: pods can reach the instance metadata endpoint and its managed-identity tokens; set it to None (IMDS restriction)"),
                });
                break;
            default:
                list.Add(new ProviderAssessment(Status.NotAssessable, string.Empty, $"unknown provider '{provider.Provider}'"));
                break;
        }

        return list;
    }

    /// <summary>Judges node disk encryption for every node group or pool the description shows.</summary>
    public static IReadOnlyList<ProviderAssessment> DiskEncryption(ProviderDescription provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var list = new List<ProviderAssessment>();
        switch (provider.Provider)
        {
            case "eks":
                EksDisks(provider, list);
                break;
            case "gke":
                Pools(provider, "nodePools", list, "no node pools in the GKE description", (pool, path, name) =>
                    pool.GetPath("config")?.GetString("bootDiskKmsKey") is { Length: > 0 } key
                        ? new ProviderAssessment(Status.Pass, path, $"GKE node pool {name}: boot disks encrypted with customer-managed key {key}")
                        : new ProviderAssessment(Status.Fail, path + ".config",
                            $"GKE node pool {name}: no bootDiskKmsKey: boot disks rely on Google's default encryption, whose keys the cluster owner neither controls nor can show an auditor"));
                break;
            case "aks":
                var array = provider.Get("agentPoolProfiles") is not null ? "agentPoolProfiles" : "properties.agentPoolProfiles";
                Pools(provider, array, list, "no agent pools in the AKS description", (pool, path, name) =>
                    pool.GetBool("enableEncryptionAtHost") == true
                        ? new ProviderAssessment(Status.Pass, path, $"AKS agent pool {name}: encryption at host on (OS, temp disk and caches encrypted)")
                        : new ProviderAssessment(Status.Fail, path + ".enableEncryptionAtHost",
                            $"AKS agent pool {name}: enableEncryptionAtHost is not true: the temp disk and OS/data disk caches, which hold emptyDir, image layers and logs, are not encrypted"));
                break;
            default:
                list.Add(new ProviderAssessment(Status.NotAssessable, string.Empty, $"unknown provider '{provider.Provider}'"));
                break;
        }

        return list;
    }

    private static void EksMetadata(ProviderDescription p, List<ProviderAssessment> list)
    {
        var templates = Extra(p, "LaunchTemplateVersions");
        foreach (var (t, i) in templates.Select((t, i) => (t, i)))
        {
            var path = $"spec.description.LaunchTemplateVersions[{i}].LaunchTemplateData.MetadataOptions";
            var name = TemplateName(t);
            var options = t.GetPath("LaunchTemplateData.MetadataOptions");
            var tokens = options?.GetString("HttpTokens");
            var hops = options is { } o && o.TryGetProperty("HttpPutResponseHopLimit", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetInt32() : (int?)null;
            if (tokens == "required" && hops == 1)
            {
                list.Add(new ProviderAssessment(Status.Pass, path, $"launch template {name}: IMDSv2 required, hop limit 1"));
            }
            else
            {
                list.Add(new ProviderAssessment(Status.Fail, path,
                    $"launch template {name}: HttpTokens {tokens ?? "unset (optional)"}, HttpPutResponseHopLimit {hops?.ToString(CultureInfo.InvariantCulture) ?? "unset"}: require IMDSv2 (HttpTokens=required) with hop limit 1 so pods cannot take the node role"));
            }
        }

        foreach (var (g, i) in Extra(p, "nodegroups").Select((g, i) => (g, i)))
        {
            var group = g.GetObject("nodegroup") ?? g;
            if (group.GetObject("launchTemplate") is null)
            {
                list.Add(new ProviderAssessment(Status.NotAssessable, $"spec.description.nodegroups[{i}]",
                    $"EKS node group {group.GetString("nodegroupName") ?? i.ToString(CultureInfo.InvariantCulture)} uses the EKS default launch template: its metadata options are not in the description"));
            }
        }

        if (list.Count == 0)
        {
            list.Add(new ProviderAssessment(Status.NotAssessable, p.PathPrefix,
                "EKS describe-cluster does not show node metadata options: add LaunchTemplateVersions (aws ec2 describe-launch-template-versions) to the provider file"));
        }
    }

    private static void EksDisks(ProviderDescription p, List<ProviderAssessment> list)
    {
        var byDefault = p.Object.Json.GetPath("spec.description")?.GetBool("EbsEncryptionByDefault");
        foreach (var (t, i) in Extra(p, "LaunchTemplateVersions").Select((t, i) => (t, i)))
        {
            var name = TemplateName(t);
            var j = 0;
            var judged = false;
            foreach (var m in t.GetPath("LaunchTemplateData")?.GetArray("BlockDeviceMappings") ?? [])
            {
                if (m.GetObject("Ebs") is { } ebs)
                {
                    judged = true;
                    var path = $"spec.description.LaunchTemplateVersions[{i}].LaunchTemplateData.BlockDeviceMappings[{j}].Ebs.Encrypted";
                    var device = m.GetString("DeviceName") ?? $"#{j}";
                    if (ebs.GetBool("Encrypted") == true)
                    {
                        list.Add(new ProviderAssessment(Status.Pass, path, $"launch template {name}: EBS volume {device} encrypted"));
                    }
                    else if (byDefault == true)
                    {
                        list.Add(new ProviderAssessment(Status.Pass, path, $"launch template {name}: EBS volume {device} encrypted by the account's EBS encryption-by-default"));
                    }
                    else
                    {
                        list.Add(new ProviderAssessment(Status.Fail, path,
                            $"launch template {name}: EBS volume {device} has Encrypted {(ebs.GetBool("Encrypted") == false ? "false" : "unset")} and the account's EBS encryption-by-default is {(byDefault == false ? "off" : "not stated")}"));
                    }
                }

                j++;
            }

            if (!judged)
            {
                list.Add(byDefault == true
                    ? new ProviderAssessment(Status.Pass, "spec.description.EbsEncryptionByDefault", $"launch template {name}: AMI default volumes, encrypted by the account's EBS encryption-by-default")
                    : new ProviderAssessment(Status.NotAssessable, $"spec.description.LaunchTemplateVersions[{i}]", $"launch template {name} maps no EBS volume: the AMI's volumes are used and their encryption is not visible"));
            }
        }

        foreach (var (g, i) in Extra(p, "nodegroups").Select((g, i) => (g, i)))
        {
            var group = g.GetObject("nodegroup") ?? g;
            if (group.GetObject("launchTemplate") is null)
            {
                var name = group.GetString("nodegroupName") ?? i.ToString(CultureInfo.InvariantCulture);
                list.Add(byDefault == true
                    ? new ProviderAssessment(Status.Pass, "spec.description.EbsEncryptionByDefault", $"EKS node group {name}: default launch template, volumes encrypted by the account's EBS encryption-by-default")
                    : new ProviderAssessment(Status.NotAssessable, $"spec.description.nodegroups[{i}]", $"EKS node group {name} uses the EKS default launch template: volume encryption depends on the account's EBS encryption-by-default, which the provider file does not state"));
            }
        }

        if (list.Count == 0)
        {
            list.Add(byDefault == true
                ? new ProviderAssessment(Status.Pass, "spec.description.EbsEncryptionByDefault", "the account's EBS encryption-by-default is on: every new EBS volume of the nodes is encrypted")
                : new ProviderAssessment(Status.NotAssessable, p.PathPrefix, "EKS describe-cluster does not show node volumes: add LaunchTemplateVersions and EbsEncryptionByDefault to the provider file"));
        }
    }

    private static void Pools(ProviderDescription p, string array, List<ProviderAssessment> list, string none, Func<JsonElement, string, string, ProviderAssessment> judge)
    {
        var i = 0;
        IEnumerable<JsonElement> pools = p.Get(array) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
        foreach (var pool in pools)
        {
            list.Add(judge(pool, p.PathOf($"{array}[{i}]"), pool.GetString("name") ?? i.ToString(CultureInfo.InvariantCulture)));
            i++;
        }

        if (i == 0)
        {
            list.Add(new ProviderAssessment(Status.NotAssessable, p.PathOf(array), none));
        }
    }

    /// <summary>An array beside <c>cluster</c> in an EKS provider file.</summary>
    private static IEnumerable<JsonElement> Extra(ProviderDescription p, string name) =>
        p.Object.Json.GetPath("spec.description")?.GetArray(name) ?? [];

    private static string TemplateName(JsonElement t) =>
        $"{t.GetString("LaunchTemplateName") ?? t.GetString("LaunchTemplateId") ?? "?"} v{(t.TryGetProperty("VersionNumber", out var v) ? v.ToString() : "?")}";
}
