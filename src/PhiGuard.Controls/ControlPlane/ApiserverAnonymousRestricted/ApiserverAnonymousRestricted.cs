using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>
/// The API server refuses anonymous requests (<c>--anonymous-auth=false</c>), or its AuthenticationConfiguration
/// allows anonymous access only to <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c>.
/// </summary>
internal sealed class ApiserverAnonymousRestricted : ApiServerControl
{
    private static readonly string[] HealthPaths = ["/healthz", "/livez", "/readyz"];

    public override string Id => "apiserver-anonymous-restricted";

    public override string Title => "API server refuses anonymous requests except health checks";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(d)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-105"];

    public override IReadOnlyList<string> Requirements => ["S5"];

    public override string Rationale =>
        "Anonymous requests reach the API server as system:anonymous; one mistaken binding to that user or to " +
        "system:unauthenticated then exposes Secrets and PHI-bearing objects to anyone who can reach the endpoint.";

    public override string Remediation =>
        "Set `--anonymous-auth=false` on kube-apiserver, or (Kubernetes 1.34+) use an AuthenticationConfiguration with " +
        "`anonymous: {enabled: true, conditions: [{path: /healthz}, {path: /livez}, {path: /readyz}]}` so only health " +
        "probes may be anonymous.";

    public override string Remarks =>
        "Anonymous auth is on when `--anonymous-auth` is absent (the API server's default). When the file named by " +
        "`--authentication-config` has an `anonymous` section it decides (the API server refuses the flag beside it); " +
        "otherwise the flag decides. A flag written `--anonymous-auth false` is read as pflag reads it: the flag set " +
        "to true and a stray argument. Managed clusters are not assessable: providers do not describe this setting.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var authn = FileOf(api, view, "authentication-config", verdict, out var configSet);
        if (configSet && authn is null)
        {
            return;
        }

        if (authn?.Json.GetObject("anonymous") is { } anonymous)
        {
            CheckConfig(authn, anonymous, verdict);
            return;
        }

        var flag = api.Flags.Bool("anonymous-auth", defaultValue: true);
        if (flag == false)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: --anonymous-auth=false");
        }
        else if (flag is null)
        {
            verdict.Fail(api.Pod, api.PathOf("anonymous-auth"), $"{api.Pod.Name}: --anonymous-auth has the value '{api.Flags.Value("anonymous-auth")}', which is not a boolean");
        }
        else
        {
            var how = api.Flags.IsSet("anonymous-auth") ? "--anonymous-auth is true" : "--anonymous-auth is not set and defaults to true";
            verdict.Fail(api.Pod, api.PathOf("anonymous-auth"), $"{api.Pod.Name}: {how}, so every path accepts anonymous requests as system:anonymous");
        }
    }

    private static void CheckConfig(KubeObject authn, JsonElement anonymous, ClusterVerdict verdict)
    {
        if (anonymous.GetBool("enabled") != true)
        {
            verdict.Pass(authn, "AuthenticationConfiguration disables anonymous authentication");
            return;
        }

        var paths = anonymous.GetArray("conditions").Select(c => c.GetString("path") ?? string.Empty).ToList();
        if (paths.Count == 0)
        {
            verdict.Fail(authn, "anonymous.conditions", "AuthenticationConfiguration enables anonymous authentication with no conditions, so every path accepts anonymous requests");
            return;
        }

        var i = 0;
        var failed = false;
        foreach (var p in paths)
        {
            if (!HealthPaths.Contains(p, StringComparer.Ordinal))
            {
                verdict.Fail(authn, $"anonymous.conditions[{i}].path", $"AuthenticationConfiguration allows anonymous requests to '{p}', which is not a health endpoint (/healthz, /livez, /readyz)");
                failed = true;
            }

            i++;
        }

        if (!failed)
        {
            verdict.Pass(authn, $"anonymous requests are limited to {string.Join(", ", paths)}");
        }
    }
}
