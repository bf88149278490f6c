using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Workloads;

/// <summary>
/// The fix for <c>psa-restricted-enforced</c>: the namespace's enforce label (restricted for PHI namespaces, baseline
/// for the others) and, where a PHI namespace pins an invalid or old version, <c>enforce-version: latest</c>.
/// </summary>
internal sealed partial class PsaRestrictedEnforced : IRemediable
{
    public Remediation Suggest(RemediationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ns = request.Object;
        var labels = PatchPath.Of("metadata.labels");
        var r = new Remediation();
        ns.Labels.TryGetValue(EnforceLabel, out var level);
        if (request.Context.Scope.IsPhi(ns.Name))
        {
            if (level != "restricted")
            {
                r.Set(labels.Field(EnforceLabel), "restricted", $"PHI namespace {ns.Name}: enforce Pod Security restricted");
            }

            // Only a version the control failed is replaced; an absent label already means latest.
            if (request.Findings.Any(f => f.Path == Support.FieldPath.Label(EnforceVersionLabel)))
            {
                r.Set(labels.Field(EnforceVersionLabel), "latest", $"PHI namespace {ns.Name}: judge pods by the current Pod Security policy");
            }

            r.Note("Enforcing restricted refuses new pods that violate it (running pods stay). List them first with " +
                   "`phiguard pss evaluate --level restricted --version latest FILES`, or " +
                   $"`kubectl label --dry-run=server --overwrite ns {ns.Name} {EnforceLabel}=restricted`.");
        }
        else if (level is not ("baseline" or "restricted"))
        {
            r.Set(labels.Field(EnforceLabel), "baseline", $"namespace {ns.Name}: enforce at least Pod Security baseline");
            r.Note($"Enforcing baseline refuses new privileged or host-namespace pods in {ns.Name}; check with " +
                   $"`kubectl label --dry-run=server --overwrite ns {ns.Name} {EnforceLabel}=baseline`.");
        }

        return r;
    }
}
