using PhiGuard.Controls.Support;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// The fix for <c>sa-token-automount-minimal</c>: <c>automountServiceAccountToken: false</c> on the pod template, which
/// overrides the ServiceAccount's setting for this workload only.
/// </summary>
internal sealed partial class SaTokenAutomountMinimal : IRemediable
{
    public Remediation Suggest(RemediationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Workload is not { } w)
        {
            return Remedies.AllManual(request, "not a pod template");
        }

        var account = w.PodSpec.GetString("serviceAccountName") is { Length: > 0 } n ? n
            : w.PodSpec.GetString("serviceAccount") is { Length: > 0 } legacy ? legacy : "default";
        return new Remediation()
            .Set(PatchPath.PodSpec(w).Field("automountServiceAccountToken"), false,
                $"service account {account} has no RoleBinding or ClusterRoleBinding: its token grants nothing here")
            .Note("If the workload presents its token outside Kubernetes RBAC (Vault's Kubernetes auth, a cloud workload " +
                  "identity), mount a projected serviceAccountToken volume with that audience and a short expiry instead.");
    }
}
