using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Audit;

/// <summary>
/// The API server has an audit policy and a backend (log file or webhook); managed: EKS control-plane logging
/// includes audit and authenticator.
/// </summary>
internal sealed class AuditLoggingEnabled : ApiServerControl
{
    private static readonly string[] RequiredLogTypes = ["audit", "authenticator"];

    public override string Id => "audit-logging-enabled";

    public override string Title => "API server audit logging is on (policy file and a backend)";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(b)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(d)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-092", "hipaa-093"];

    public override IReadOnlyList<string> Requirements => ["S31"];

    public override IReadOnlyList<string> Kinds => ["Pod", ProviderDescription.Kind];

    public override string Rationale =>
        "Without an audit policy the API server records nothing: no trace of who read Secrets, exec'd into PHI pods " +
        "or changed access. Audit controls (164.312(b)) start here.";

    public override string Remediation =>
        "Set `--audit-policy-file` and `--audit-log-path` (or `--audit-webhook-config-file`) on kube-apiserver. EKS: " +
        "enable `audit` and `authenticator` in `logging.clusterLogging`. AKS: a diagnostic setting with `kube-audit` " +
        "or `kube-audit-admin`. GKE: keep Cloud Audit Logs with a sink to your log store.";

    public override string Remarks =>
        "Judged from flags (both a policy and a backend must be set; without the policy no events are recorded). " +
        "EKS is judged from its description. AKS diagnostic settings and GKE log sinks are not part of the cluster " +
        "description and are not assessable.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        if (string.IsNullOrEmpty(api.Flags.Value("audit-policy-file")))
        {
            verdict.Fail(api.Pod, api.PathOf("audit-policy-file"), $"{api.Pod.Name}: --audit-policy-file is not set, so no audit events are recorded");
            failed = true;
        }

        if (string.IsNullOrEmpty(api.Flags.Value("audit-log-path")) && string.IsNullOrEmpty(api.Flags.Value("audit-webhook-config-file")))
        {
            verdict.Fail(api.Pod, api.PathOf("audit-log-path"), $"{api.Pod.Name}: neither --audit-log-path nor --audit-webhook-config-file is set: audit events go nowhere");
            failed = true;
        }

        if (!failed)
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: audit policy {api.Flags.Value("audit-policy-file")} with a {(api.Flags.IsSet("audit-log-path") ? "log" : "webhook")} backend");
        }
    }

    protected override bool CheckManaged(ProviderDescription provider, ControlContext context, ClusterVerdict verdict)
    {
        if (provider.Provider != "eks")
        {
            return false;
        }

        var enabled = provider.Description.GetPath("logging")?.GetArray("clusterLogging")
            .Where(l => l.GetBool("enabled") == true)
            .SelectMany(l => l.GetArray("types").Select(t => t.GetString() ?? string.Empty))
            .ToHashSet(StringComparer.Ordinal) ?? [];
        var missing = RequiredLogTypes.Where(t => !enabled.Contains(t)).ToList();
        if (missing.Count == 0)
        {
            verdict.Pass(provider.Object, "EKS control-plane logging includes audit and authenticator");
        }
        else
        {
            verdict.Fail(provider.Object, provider.PathOf("logging.clusterLogging"), $"EKS control-plane logging does not enable {string.Join(" and ", missing)}");
        }

        return true;
    }
}
