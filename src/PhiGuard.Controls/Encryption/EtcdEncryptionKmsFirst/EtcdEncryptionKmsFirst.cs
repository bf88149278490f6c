using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Encryption;

/// <summary>
/// Secrets are encrypted in etcd by a KMS v2 provider: the EncryptionConfiguration entry covering secrets lists
/// <c>kms</c> with <c>apiVersion: v2</c> first (managed clusters: envelope encryption with a customer key is on).
/// </summary>
internal sealed class EtcdEncryptionKmsFirst : ApiServerControl
{
    public override string Id => "etcd-encryption-kms-first";

    public override string Title => "Secrets are encrypted at rest with a KMS v2 provider first";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)", "164.310(d)(1)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(b)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-089", "hipaa-076"];

    public override IReadOnlyList<string> Requirements => ["S16"];

    public override IReadOnlyList<string> Kinds => ["Pod", "EncryptionConfiguration", ProviderDescription.Kind];

    public override string Rationale =>
        "etcd and its backups hold every Secret (database passwords, keys to PHI stores). The first provider encrypts " +
        "new writes: identity first means plaintext, a static key in the same file protects nothing from someone " +
        "holding the disk; only a KMS v2 envelope keeps the key outside the node.";

    public override string Remediation =>
        "Set `--encryption-provider-config` to an EncryptionConfiguration whose entry for `secrets` lists " +
        "`- kms: {apiVersion: v2, name: <plugin>, endpoint: unix:///var/run/kmsplugin/socket.sock}` first, then " +
        "`identity: {}` only as a read fallback; rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl " +
        "replace -f -`). Managed: EKS `encryptionConfig` with a KMS key for `secrets`, GKE `databaseEncryption` " +
        "ENCRYPTED with a Cloud KMS key, AKS `securityProfile.azureKeyVaultKms.enabled`.";

    public override string Remarks =>
        "KMS v1 (apiVersion absent or v1) fails: deprecated since 1.28 and off by default since 1.29. The entry is the " +
        "first that lists `secrets`, `*.` or `*.*`, as the API server picks it. A flag naming a file that is not in " +
        "the input is not assessable.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var config = FileOf(api, view, "encryption-provider-config", verdict, out var set);
        if (!set)
        {
            verdict.Fail(api.Pod, api.PathOf("encryption-provider-config"), $"{api.Pod.Name}: --encryption-provider-config is not set, so Secrets are stored in etcd in plaintext");
            return;
        }

        if (config is null)
        {
            return;
        }

        if (EncryptionConfig.EntryFor(config, "secrets") is not { } found)
        {
            verdict.Fail(config, "resources", "EncryptionConfiguration has no entry covering secrets, so Secrets are stored in plaintext");
            return;
        }

        var first = found.Entry.GetArray("providers").FirstOrDefault();
        var path = $"resources[{found.Index}].providers[0]";
        var type = EncryptionConfig.ProviderType(first);
        if (type != "kms")
        {
            var why = type == "identity" ? "identity first writes Secrets in plaintext" : $"{type} keeps its key in the file beside the data";
            verdict.Fail(config, path, $"the provider first for secrets is {type}, not kms: {why}");
            return;
        }

        var version = first.GetObject("kms")?.GetString("apiVersion") ?? "v1";
        if (version != "v2")
        {
            verdict.Fail(config, path + ".kms.apiVersion", $"secrets use KMS {version}, deprecated since 1.28 and disabled by default since 1.29; use apiVersion: v2");
            return;
        }

        verdict.Pass(config, $"secrets are encrypted first by KMS v2 provider '{first.GetObject("kms")?.GetString("name")}'");
    }

    protected override bool CheckManaged(ProviderDescription provider, ControlContext context, ClusterVerdict verdict)
    {
        var o = provider.Object;
        switch (provider.Provider)
        {
            case "eks":
                var i = 0;
                foreach (var e in provider.Description.GetArray("encryptionConfig"))
                {
                    if (e.GetArray("resources").Any(r => r.GetString() == "secrets") &&
                        !string.IsNullOrEmpty(e.GetObject("provider")?.GetString("keyArn")))
                    {
                        verdict.Pass(o, $"EKS envelope-encrypts secrets with KMS key {e.GetObject("provider")?.GetString("keyArn")}");
                        return true;
                    }

                    i++;
                }

                verdict.Fail(o, provider.PathOf("encryptionConfig"), "EKS encryptionConfig does not envelope-encrypt secrets with a customer KMS key");
                return true;
            case "gke":
                var state = provider.Get("databaseEncryption")?.GetString("state");
                if (state == "ENCRYPTED" && !string.IsNullOrEmpty(provider.Get("databaseEncryption")?.GetString("keyName")))
                {
                    verdict.Pass(o, "GKE application-layer secrets encryption is ENCRYPTED with a Cloud KMS key");
                }
                else
                {
                    verdict.Fail(o, provider.PathOf("databaseEncryption.state"), $"GKE databaseEncryption state is {state ?? "absent"}, not ENCRYPTED with a Cloud KMS key");
                }

                return true;
            case "aks":
                var kms = provider.Get("properties.securityProfile.azureKeyVaultKms") ?? provider.Get("securityProfile.azureKeyVaultKms");
                if (kms?.GetBool("enabled") == true)
                {
                    verdict.Pass(o, "AKS KMS etcd encryption with Azure Key Vault is enabled");
                }
                else
                {
                    verdict.Fail(o, provider.PathOf("securityProfile.azureKeyVaultKms.enabled"), "AKS securityProfile.azureKeyVaultKms is not enabled: secrets are encrypted only with platform-managed keys");
                }

                return true;
            default:
                return false;
        }
    }
}
