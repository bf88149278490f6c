using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.ControlPlane;

/// <summary>The API server authorizes with Node and RBAC and never with AlwaysAllow.</summary>
internal sealed class ApiserverAuthzMode : ApiServerControl
{
    public override string Id => "apiserver-authz-mode";

    public override string Title => "API server authorizes with Node and RBAC, never AlwaysAllow";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-021"];

    public override IReadOnlyList<string> Requirements => ["S26"];

    public override string Rationale =>
        "AlwaysAllow lets every authenticated caller do anything, making RBAC meaningless; without the Node " +
        "authorizer a compromised kubelet can read every Secret in the cluster, not only those of its own pods.";

    public override string Remediation =>
        "Set `--authorization-mode=Node,RBAC` on kube-apiserver (or list authorizers of type Node and RBAC in the " +
        "AuthorizationConfiguration named by `--authorization-config`), and remove AlwaysAllow.";

    public override string Remarks =>
        "The file named by `--authorization-config` replaces `--authorization-mode` (the API server refuses both). " +
        "Without either, the API server's default mode is AlwaysAllow. Managed clusters are not assessable from " +
        "their descriptions; EKS, GKE and AKS run Node and RBAC.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var config = FileOf(api, view, "authorization-config", verdict, out var configSet);
        if (configSet && config is null)
        {
            return;
        }

        List<(string Mode, string Path)> modes;
        var where = "--authorization-mode";
        if (config is not null)
        {
            modes = config.Json.GetArray("authorizers").Select((a, i) => (a.GetString("type") ?? string.Empty, $"authorizers[{i}].type")).ToList();
            where = "AuthorizationConfiguration";
        }
        else
        {
            var list = api.Flags.List("authorization-mode");
            var path = api.PathOf("authorization-mode");
            modes = (list.Count == 0 ? ["AlwaysAllow"] : list).Select(m => (m, path)).ToList();
            if (list.Count == 0)
            {
                where = "--authorization-mode (unset, default AlwaysAllow)";
            }
        }

        var target = config ?? api.Pod;
        var failed = false;
        foreach (var (mode, path) in modes.Where(m => m.Mode == "AlwaysAllow"))
        {
            verdict.Fail(target, path, $"{api.Pod.Name}: {where} includes AlwaysAllow, which authorizes every request");
            failed = true;
        }

        foreach (var required in new[] { "Node", "RBAC" })
        {
            if (!modes.Exists(m => m.Mode == required))
            {
                var path = config is not null ? "authorizers" : api.PathOf("authorization-mode");
                verdict.Fail(target, path, $"{api.Pod.Name}: {where} does not include {required} (has {string.Join(", ", modes.Select(m => m.Mode))})");
                failed = true;
            }
        }

        if (!failed)
        {
            verdict.Pass(target, $"{api.Pod.Name}: {where} is {string.Join(",", modes.Select(m => m.Mode))}");
        }
    }
}
