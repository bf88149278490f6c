using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Encryption;

/// <summary>
/// The EncryptionConfiguration encrypts secrets, configmaps and PHI-bearing custom resources, and holds no static
/// key provider (aescbc, aesgcm, secretbox) with inline keys.
/// </summary>
internal sealed class EtcdEncryptionScopeAndKeys : ApiServerControl
{
    private static readonly string[] StaticKeyProviders = ["aescbc", "aesgcm", "secretbox"];

    public override string Id => "etcd-encryption-scope-and-keys";

    public override string Title => "Encryption at rest covers secrets, configmaps and PHI custom resources without static keys";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-089"];

    public override IReadOnlyList<string> Requirements => ["S16", "S23"];

    public override IReadOnlyList<string> Kinds => ["Pod", "EncryptionConfiguration", "CustomResourceDefinition"];

    public override string Rationale =>
        "ConfigMaps and custom resources often carry connection strings and patient identifiers; a static key written " +
        "in the configuration file sits on every control-plane disk and in every backup of it, beside the data it protects.";

    public override string Remediation =>
        "List `secrets`, `configmaps` and each PHI-bearing custom resource (`<plural>.<group>`) in an entry whose " +
        "first provider is kms v2; remove aescbc/aesgcm/secretbox providers once data is rewritten under KMS. A " +
        "temporary migration provider after kms is recorded as a waiver with an expiry.";

    public override string Remarks =>
        "PHI-bearing custom resources are CustomResourceDefinitions in the input labelled `phiguard.io/phi: \"true\"`. " +
        "A static-key provider fails wherever it appears; the migration exception CONTROLS.md allows (after kms, with " +
        "an expiry) is a PhiGuard waiver, which carries the expiry, approver and justification. Managed clusters are " +
        "not assessable (providers encrypt the whole store; the scope is not described).";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var config = FileOf(api, view, "encryption-provider-config", verdict, out var set);
        if (!set)
        {
            verdict.Fail(api.Pod, api.PathOf("encryption-provider-config"), $"{api.Pod.Name}: --encryption-provider-config is not set: nothing is encrypted at rest");
            return;
        }

        if (config is null)
        {
            return;
        }

        var failed = false;
        var wanted = new List<string> { "secrets", "configmaps" };
        wanted.AddRange(context.Inventory.OfKind("apiextensions.k8s.io", "CustomResourceDefinition")
            .Where(c => c.Labels.TryGetValue("phiguard.io/phi", out var v) && v == "true")
            .Select(c => $"{c.Json.GetPath("spec.names")?.GetString("plural")}.{c.Json.GetPath("spec")?.GetString("group")}"));
        foreach (var resource in wanted)
        {
            var entry = EncryptionConfig.EntryFor(config, resource);
            var first = entry is { } e ? EncryptionConfig.ProviderType(e.Entry.GetArray("providers").FirstOrDefault()) : null;
            if (first is null or "identity")
            {
                verdict.Fail(config, entry is { } f ? $"resources[{f.Index}].providers[0]" : "resources",
                    $"{resource} {(first is null ? "is in no resources entry" : "has identity first")}, so it is stored in plaintext");
                failed = true;
            }
        }

        var i = 0;
        foreach (var entry in config.Json.GetArray("resources"))
        {
            var j = 0;
            foreach (var p in entry.GetArray("providers"))
            {
                var type = EncryptionConfig.ProviderType(p);
                if (StaticKeyProviders.Contains(type, StringComparer.Ordinal) && p.GetObject(type)?.GetArray("keys").Any() == true)
                {
                    verdict.Fail(config, $"resources[{i}].providers[{j}]", $"{type} provider holds static keys in the configuration file (key names: {string.Join(", ", p.GetObject(type)!.Value.GetArray("keys").Select(k => k.GetString("name")))})");
                    failed = true;
                }

                j++;
            }

            i++;
        }

        if (!failed)
        {
            verdict.Pass(config, $"{string.Join(", ", wanted)} are encrypted and no static-key provider is configured");
        }
    }
}
