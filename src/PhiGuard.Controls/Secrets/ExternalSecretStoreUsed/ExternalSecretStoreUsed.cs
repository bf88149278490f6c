using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Secrets;

/// <summary>
/// Secrets used by PHI workloads come from an external store: synced by an External Secrets <c>ExternalSecret</c>
/// refreshed at least hourly, or mounted/synced through the Secrets Store CSI driver running with
/// <c>--enable-secret-rotation=true</c>; and no Secret in a PHI namespace was created or edited with kubectl.
/// </summary>
internal sealed class ExternalSecretStoreUsed : ClusterControl
{
    private const string CsiDriver = "secrets-store.csi.k8s.io";
    private static readonly TimeSpan MaxRefresh = TimeSpan.FromHours(1);

    public override string Id => "external-secret-store-used";

    public override string Title => "PHI workload secrets come from an external store with rotation";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(a)(2)(iv)", "164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-089", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S14"];

    public override IReadOnlyList<string> Kinds =>
        ["Secret", "ExternalSecret", "SecretProviderClass", "Certificate", "DaemonSet", "Pod", "Deployment", "StatefulSet", "Job", "CronJob"];

    public override string Rationale =>
        "Credentials kept in a KMS-backed external store (Vault, AWS Secrets Manager, Azure Key Vault, GCP Secret " +
        "Manager) are encrypted, access-logged and rotated in one place; a Secret pasted in with kubectl exists only " +
        "in etcd, has no owner, no rotation and no record of where it came from.";

    public override string Remediation =>
        "Store PHI workload credentials in an external secret manager and bring them in with the Secrets Store CSI " +
        "driver (a SecretProviderClass, the driver started with `--enable-secret-rotation=true`) or External Secrets " +
        "(an ExternalSecret with `refreshInterval` of 1h or less); delete hand-made Secrets and recreate them that way.";

    public override string Remarks =>
        "Secrets referenced by env `secretKeyRef`, `envFrom.secretRef`, `secret` volumes and projected sources are " +
        "judged (imagePullSecrets are not: they are registry credentials, not PHI access). A Secret comes from an " +
        "external store when an ExternalSecret in its namespace targets it (`spec.target.name`, default the " +
        "ExternalSecret's name) or a SecretProviderClass syncs it (`spec.secretObjects[].secretName`); a TLS Secret " +
        "issued by cert-manager (annotation `cert-manager.io/certificate-name`, or named by a cert-manager `Certificate`'s " +
        "`spec.secretName` in the same namespace, as manifests show it) also passes, being issued and " +
        "rotated automatically. An absent `refreshInterval` is External Secrets' default of 1h; `0` never refreshes " +
        "and fails. The CSI driver is recognised by its image (`csi-secrets-store/driver`) or its `--provider-volume` " +
        "argument; when CSI is used but the driver is not in the input (manifests), its rotation is not assessable; " +
        "a `--rotation-poll-interval` over 1h fails like a slow refresh. A Secret is hand-made when a " +
        "`metadata.managedFields` manager starts with `kubectl` (kubectl-create, kubectl-edit, " +
        "kubectl-client-side-apply, kubectl); manifests usually carry no managedFields, so this part needs a live scan.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespaces");
            return;
        }

        var inv = context.Inventory;
        var externalSecrets = inv.OfKind("external-secrets.io", "ExternalSecret").Where(e => context.Scope.IsPhi(e.Namespace)).ToList();
        var providerClasses = inv.OfKind("secrets-store.csi.x-k8s.io", "SecretProviderClass").ToList();
        var secrets = inv.OfKind("", "Secret").Where(s => context.Scope.IsPhi(s.Namespace)).ToList();
        var esByNs = externalSecrets.ToLookup(e => e.Namespace, StringComparer.Ordinal);
        var spcByNs = providerClasses.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        var secretByNs = secrets.ToLookup(s => s.Namespace, StringComparer.Ordinal);
        var certificateSecrets = inv.OfKind("cert-manager.io", "Certificate")
            .Where(c => context.Scope.IsPhi(c.Namespace) && c.Json.GetPath("spec")?.GetString("secretName") is { Length: > 0 })
            .Select(c => (c.Namespace, c.Json.GetPath("spec")!.Value.GetString("secretName")))
            .ToHashSet();
        var judged = 0;
        var csiUsed = false;

        foreach (var es in externalSecrets)
        {
            judged++;
            JudgeRefresh(es, verdict);
        }

        foreach (var w in context.Workloads.Where(w => context.Scope.IsPhi(w.Object.Namespace)))
        {
            var ns = w.Object.Namespace!;
            var uses = SecretUses(w).ToList();
            if (uses.Count == 0)
            {
                continue;
            }

            judged++;
            var failed = false;
            foreach (var (path, name, isCsiVolume) in uses)
            {
                if (isCsiVolume)
                {
                    csiUsed = true;
                    if (!spcByNs[ns].Any(p => p.Name == name))
                    {
                        failed = true;
                        verdict.Fail(w.Object, path, $"CSI volume names SecretProviderClass {name}, which is not in namespace {ns}");
                    }

                    continue;
                }

                if (esByNs[ns].Any(e => TargetOf(e) == name))
                {
                    continue;
                }

                if (spcByNs[ns].Any(p => p.Json.GetPath("spec")?.GetArray("secretObjects").Any(o => o.GetString("secretName") == name) == true))
                {
                    csiUsed = true;
                    continue;
                }

                var secret = secretByNs[ns].FirstOrDefault(s => s.Name == name);
                if ((secret is not null && secret.Annotations.ContainsKey("cert-manager.io/certificate-name")) ||
                    certificateSecrets.Contains((ns, name)))
                {
                    continue;
                }

                failed = true;
                verdict.Fail(w.Object, path, $"Secret {name} used by {w.Object.Kind} {ns}/{w.Object.Name} comes from no external store: no ExternalSecret targets it and no SecretProviderClass syncs it");
            }

            if (!failed)
            {
                verdict.Pass(w.Object, $"every Secret {w.Object.Kind} {ns}/{w.Object.Name} uses comes from an external store");
            }
        }

        if (csiUsed)
        {
            JudgeDriver(context, verdict);
        }

        foreach (var s in secrets)
        {
            judged++;
            var i = 0;
            foreach (var mf in s.Json.GetPath("metadata")?.GetArray("managedFields") ?? [])
            {
                if (mf.GetString("manager") is { } manager && manager.StartsWith("kubectl", StringComparison.Ordinal))
                {
                    verdict.Fail(s, $"metadata.managedFields[{i}].manager", $"Secret {s.Namespace}/{s.Name} in a PHI namespace was written by hand ({manager}, {mf.GetString("operation") ?? "?"})");
                }

                i++;
            }
        }

        if (judged == 0)
        {
            verdict.NotApplicable("no PHI workload uses a Secret and no Secret or ExternalSecret is in a PHI namespace");
        }
    }

    private static string TargetOf(KubeObject es) => es.Json.GetPath("spec.target")?.GetString("name") ?? es.Name;

    private static void JudgeRefresh(KubeObject es, ClusterVerdict verdict)
    {
        var text = es.Json.GetPath("spec.refreshInterval") is { } r
            ? (r.ValueKind == JsonValueKind.String ? r.GetString() : r.GetRawText())
            : null;
        var name = $"ExternalSecret {es.Namespace}/{es.Name}";
        if (text is null)
        {
            verdict.Pass(es, $"{name} refreshes at the default interval of 1h");
        }
        else if (!GoDuration.TryParse(text, out var interval))
        {
            verdict.Fail(es, "spec.refreshInterval", $"{name} has refreshInterval \"{text}\", which is not a duration");
        }
        else if (interval == TimeSpan.Zero)
        {
            verdict.Fail(es, "spec.refreshInterval", $"{name} has refreshInterval 0: it never refreshes, so a rotated credential never arrives");
        }
        else if (interval > MaxRefresh)
        {
            verdict.Fail(es, "spec.refreshInterval", $"{name} refreshes every {text}, longer than 1h");
        }
        else
        {
            verdict.Pass(es, $"{name} refreshes every {text}");
        }
    }

    private static void JudgeDriver(ControlContext context, ClusterVerdict verdict)
    {
        var drivers = context.Inventory.OfKind("apps", "DaemonSet")
            .Select(d => (DaemonSet: d, Workload: WorkloadView.TryGetWorkload(d)))
            .SelectMany(d => d.Workload?.Containers.Where(IsDriver).Select(c => (d.DaemonSet, Container: c)) ?? [])
            .ToList();
        if (drivers.Count == 0)
        {
            var message = "PHI workloads use the Secrets Store CSI driver, but its DaemonSet is not in the inventory";
            if (context.Inventory.Origin == InventoryOrigin.Cluster)
            {
                verdict.Fail(null, string.Empty, message);
            }
            else
            {
                verdict.NotAssessable(null, message + "; whether it rotates secrets cannot be seen from these manifests");
            }

            return;
        }

        foreach (var (ds, c) in drivers)
        {
            var args = c.Json.GetArray("args").Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList();
            var rotation = args.LastOrDefault(a => a.StartsWith("--enable-secret-rotation", StringComparison.Ordinal));
            var poll = args.LastOrDefault(a => a.StartsWith("--rotation-poll-interval=", StringComparison.Ordinal));
            var name = $"Secrets Store CSI driver {ds.Namespace}/{ds.Name} container \"{c.Name}\"";
            if (rotation is not ("--enable-secret-rotation" or "--enable-secret-rotation=true"))
            {
                verdict.Fail(ds, $"{c.Path}.args", $"{name} runs without --enable-secret-rotation=true: mounted secrets are never refreshed from the store");
            }
            else if (poll is not null && (!GoDuration.TryParse(poll["--rotation-poll-interval=".Length..], out var every) || every > MaxRefresh))
            {
                verdict.Fail(ds, $"{c.Path}.args", $"{name} polls for rotation with {poll}, longer than 1h or not a duration");
            }
            else
            {
                verdict.Pass(ds, $"{name} rotates secrets (poll interval {(poll is null ? "2m default" : poll["--rotation-poll-interval=".Length..])})");
            }
        }
    }

    private static bool IsDriver(Container c) =>
        (c.Json.GetString("image") ?? string.Empty).Contains("csi-secrets-store/driver", StringComparison.Ordinal) ||
        c.Json.GetArray("args").Any(a => a.ValueKind == JsonValueKind.String && a.GetString()!.StartsWith("--provider-volume", StringComparison.Ordinal));

    /// <summary>Each Secret reference of the pod (field path, Secret or SecretProviderClass name, whether it is a CSI volume).</summary>
    private static IEnumerable<(string Path, string Name, bool CsiVolume)> SecretUses(Workload w)
    {
        foreach (var c in w.Containers)
        {
            var i = 0;
            foreach (var env in c.Json.GetArray("env"))
            {
                if (env.GetPath("valueFrom.secretKeyRef")?.GetString("name") is { } n)
                {
                    yield return ($"{c.Path}.env[{i}].valueFrom.secretKeyRef.name", n, false);
                }

                i++;
            }

            i = 0;
            foreach (var from in c.Json.GetArray("envFrom"))
            {
                if (from.GetObject("secretRef")?.GetString("name") is { } n)
                {
                    yield return ($"{c.Path}.envFrom[{i}].secretRef.name", n, false);
                }

                i++;
            }
        }

        var v = 0;
        foreach (var vol in w.PodSpec.GetArray("volumes"))
        {
            var path = $"{w.PodSpecPath}.volumes[{v}]";
            if (vol.GetObject("secret")?.GetString("secretName") is { } s)
            {
                yield return ($"{path}.secret.secretName", s, false);
            }

            if (vol.GetObject("csi") is { } csi && csi.GetString("driver") == CsiDriver &&
                csi.GetObject("volumeAttributes")?.GetString("secretProviderClass") is { } spc)
            {
                yield return ($"{path}.csi.volumeAttributes.secretProviderClass", spc, true);
            }

            var p = 0;
            foreach (var src in vol.GetPath("projected")?.GetArray("sources") ?? [])
            {
                if (src.GetObject("secret")?.GetString("name") is { } n)
                {
                    yield return ($"{path}.projected.sources[{p}].secret.name", n, false);
                }

                p++;
            }

            v++;
        }
    }
}
