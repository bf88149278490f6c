using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// Service-account tokens are bound and short-lived: no legacy token Secrets in PHI namespaces, the API server caps
/// token lifetime at 24 h without extending it, and projected tokens in PHI workloads expire within an hour.
/// </summary>
internal sealed class SaTokensBoundShortLived : ApiServerControl
{
    private const string LegacyTokenType = "kubernetes.io/service-account-token";
    private static readonly TimeSpan MaxTokenExpiration = TimeSpan.FromHours(24);
    private const long MaxProjectedSeconds = 3600;

    public override string Id => "sa-tokens-bound-short-lived";

    public override string Title => "Service-account tokens are bound and short-lived";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(5)(ii)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S14"];

    public override IReadOnlyList<string> Kinds =>
        ["Pod", "Secret", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

    public override string Rationale =>
        "A legacy service-account token Secret never expires and works from anywhere until the Secret is deleted; a " +
        "long-lived projected token is almost as good to an attacker. Bound, short-lived tokens limit what a leaked " +
        "credential to PHI namespaces is worth.";

    public override string Remediation =>
        "Delete `kubernetes.io/service-account-token` Secrets in PHI namespaces (use the TokenRequest API or projected " +
        "tokens instead); set `--service-account-max-token-expiration=24h` (or less) and " +
        "`--service-account-extend-token-expiration=false` on kube-apiserver; keep projected `serviceAccountToken` " +
        "volumes at `expirationSeconds: 3600` or less.";

    public override string Remarks =>
        "`--service-account-max-token-expiration` absent means no cap (any requested lifetime is granted), so it fails. " +
        "`--service-account-extend-token-expiration` defaults to true (the API server then extends the tokens " +
        "admission injects into pods to a year, ignoring the maximum), so only an explicit `=false` passes; a " +
        "boolean written with a space (`--service-account-extend-token-expiration false`) is the flag set to true, as " +
        "pflag reads it. A projected token with no `expirationSeconds` gets the default of 3600 and passes. Secrets and " +
        "projected volumes are judged whether or not the API server is visible; on managed clusters the flags are not " +
        "in the provider description, so that part is not assessable.";

    protected override void CheckCluster(ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        foreach (var secret in context.Inventory.OfKind("Secret").Where(s => context.Scope.IsPhi(s.Namespace)).OrderBy(s => s.Ref))
        {
            if (secret.Json.GetString("type") == LegacyTokenType)
            {
                var account = secret.Annotations.TryGetValue("kubernetes.io/service-account.name", out var a) ? $" for service account {a}" : string.Empty;
                verdict.Fail(secret, "type", $"Secret {secret.Namespace}/{secret.Name} is a legacy {LegacyTokenType}{account}: a token that never expires");
            }
        }

        foreach (var w in context.Workloads.Where(w => context.Scope.IsPhi(w.Object.Namespace)).OrderBy(w => w.Object.Ref))
        {
            CheckProjected(w, verdict);
        }
    }

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        var max = api.Flags.Value("service-account-max-token-expiration");
        if (string.IsNullOrEmpty(max))
        {
            verdict.Fail(api.Pod, api.PathOf("service-account-max-token-expiration"), $"{api.Pod.Name}: --service-account-max-token-expiration is not set, so token requests may ask for any lifetime");
            failed = true;
        }
        else if (!GoDuration.TryParse(max, out var d))
        {
            verdict.Fail(api.Pod, api.PathOf("service-account-max-token-expiration"), $"{api.Pod.Name}: --service-account-max-token-expiration '{max}' is not a duration");
            failed = true;
        }
        else if (d > MaxTokenExpiration)
        {
            verdict.Fail(api.Pod, api.PathOf("service-account-max-token-expiration"), $"{api.Pod.Name}: --service-account-max-token-expiration={max} allows tokens longer than 24h");
            failed = true;
        }

        var extend = api.Flags.Bool("service-account-extend-token-expiration", defaultValue: true);
        if (extend != false)
        {
            var how = !api.Flags.IsSet("service-account-extend-token-expiration") ? "is not set and defaults to true"
                : extend is null ? $"has the value '{api.Flags.Value("service-account-extend-token-expiration")}', which is not a boolean" : "is true";
            verdict.Fail(api.Pod, api.PathOf("service-account-extend-token-expiration"), $"{api.Pod.Name}: --service-account-extend-token-expiration {how}, so the tokens admission injects into pods are extended to a year, ignoring the maximum");
            failed = true;
        }

        if (!failed)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: service-account tokens capped at {max}, not extended");
        }
    }

    private static void CheckProjected(Workload w, ClusterVerdict verdict)
    {
        var v = 0;
        foreach (var volume in w.PodSpec.GetArray("volumes"))
        {
            var s = 0;
            foreach (var source in volume.GetObject("projected")?.GetArray("sources") ?? [])
            {
                if (source.GetObject("serviceAccountToken") is { } token &&
                    token.TryGetProperty("expirationSeconds", out var e) && e.ValueKind == JsonValueKind.Number &&
                    e.TryGetInt64(out var seconds) && seconds > MaxProjectedSeconds)
                {
                    verdict.Fail(
                        w.Object,
                        $"{w.PodSpecPath}.volumes[{v}].projected.sources[{s}].serviceAccountToken.expirationSeconds",
                        $"{w.Object.Kind} {w.Object.Name}: projected token in volume \"{volume.GetString("name")}\" lives {seconds}s, more than {MaxProjectedSeconds}s");
                }

                s++;
            }

            v++;
        }
    }
}
