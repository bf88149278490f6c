namespace PhiGuard.Core.Remediation;

/// <summary>
/// A control that knows a mechanical fix for its own failures: given an object it failed, it names the field changes
/// that would make the object pass, and the failures only a person can fix. Optional: a control without it has its
/// failures listed as manual by <c>phiguard scan --fix-patch</c>.
/// </summary>
public interface IRemediable
{
    /// <summary>
    /// The changes that make <see cref="RemediationRequest.Object"/> pass this control, computed from the object as it
    /// is (never from a guess such as an unknown image digest), and a manual step for every failure it cannot fix.
    /// </summary>
    Remediation Suggest(RemediationRequest request);
}
