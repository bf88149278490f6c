using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Secrets;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Secrets;

/// <summary>
/// No credential is written in plain text in a PHI namespace: no literal value in a credential-named env var, and
/// no PEM key, cloud key, JWT, token or password-bearing connection string in env values, ConfigMap data or
/// annotations. Findings carry the key and a fingerprint, never the value.
/// </summary>
internal sealed class NoPlaintextCredentials : ResourceControl
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public override string Id => "no-plaintext-credentials";

    public override string Title => "No plaintext credentials in env vars, ConfigMaps or annotations of PHI namespaces";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(5)(ii)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084", "hipaa-031"];

    public override IReadOnlyList<string> Requirements => ["S13"];

    public override ControlScope Scope => ControlScope.PhiNamespaces;

    public override IReadOnlyList<string> Kinds =>
        ["ConfigMap", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

    public override string Rationale =>
        "A password or key in an env var or ConfigMap is readable by anyone who can read the pod spec or ConfigMap " +
        "(far more people than can read Secrets), lands in `kubectl describe`, CI logs and Git history, and cannot be " +
        "rotated without a redeploy. It is the shortest path from a leaked manifest to the PHI database.";

    public override string Remediation =>
        "Move the value into a Secret (better: an external store through the Secrets Store CSI driver or External " +
        "Secrets), reference it with `valueFrom.secretKeyRef` or a mounted volume, rotate the exposed credential, and " +
        "remove it from Git history. The finding's fingerprint (first 8 hex digits of the value's SHA-256) lets you " +
        "confirm which value it was without printing it.";

    public override string Remarks =>
        "Env vars are judged by name (PASS, PWD, SECRET, TOKEN, KEY, CREDENTIAL, AUTH) and by content; a literal value " +
        "that is a file path (starts with /) or true/false under a credential-like name is a reference, not a " +
        "credential, and passes. ConfigMap data and annotations are judged by content, and by entropy under a " +
        "credential-like key. `kubectl.kubernetes.io/last-applied-configuration` is skipped because it repeats the " +
        "object's own fields, which are judged directly. `secretKeyRef` env vars are not failed: the engine has no " +
        "warning status, and CONTROLS.md ranks them a warning only (prefer volumes/CSI). Pods owned by a judged " +
        "controller are judged once, on the controller.";

    public override bool AppliesTo(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return (obj.Group.Length == 0 && obj.Kind == "ConfigMap") || WorkloadView.TryGetWorkload(obj) is not null;
    }

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var checkedItems = 0;
        if (obj.Kind == "ConfigMap")
        {
            foreach (var p in obj.Json.GetObject("data")?.EnumerateObject() ?? default)
            {
                checkedItems++;
                if (p.Value.ValueKind == JsonValueKind.String && CredentialDetector.Detect(p.Name, p.Value.GetString()!) is { } m)
                {
                    verdict.Fail(MapPath("data", p.Name), $"ConfigMap key \"{p.Name}\" holds a {m}");
                }
            }
        }
        else
        {
            if (!context.Workloads.Any(w => ReferenceEquals(w.Object, obj)))
            {
                verdict.NotApplicable("judged on the controller that owns it");
                return;
            }

            var workload = WorkloadView.TryGetWorkload(obj)!;
            foreach (var c in workload.Containers)
            {
                var i = 0;
                foreach (var env in c.Json.GetArray("env"))
                {
                    checkedItems++;
                    CheckEnv(c, env, i, verdict);
                    i++;
                }
            }
        }

        foreach (var (key, value) in obj.Annotations)
        {
            if (key == LastApplied)
            {
                continue;
            }

            checkedItems++;
            if (CredentialDetector.Detect(key, value) is { } m)
            {
                verdict.Fail(FieldPath.Annotation(key), $"annotation \"{key}\" holds a {m}");
            }
        }

        verdict.Pass($"no plaintext credential in {checkedItems} env var(s), data key(s) and annotation(s)");
    }

    private static void CheckEnv(Container c, JsonElement env, int index, Verdict verdict)
    {
        var name = env.GetString("name") ?? string.Empty;
        if (env.GetString("value") is not { Length: > 0 } value)
        {
            return;
        }

        var path = $"{c.Path}.env[{index}].value";
        if (CredentialDetector.DetectValue(value) is { } m)
        {
            verdict.Fail(path, $"env var {name} of container \"{c.Name}\" holds a {m}");
        }
        else if (CredentialDetector.IsCredentialName(name) && !value.StartsWith('/') && value is not ("true" or "false"))
        {
            verdict.Fail(path,
                $"env var {name} of container \"{c.Name}\" has a literal value ({CredentialDetector.Match("literal credential", value)}); use valueFrom.secretKeyRef or a mounted secret");
        }
    }

    private static string MapPath(string field, string key) =>
        key.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-') ? $"{field}.{key}" : $"{field}[\"{key}\"]";
}
