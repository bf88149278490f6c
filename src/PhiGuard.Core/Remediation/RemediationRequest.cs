using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Remediation;

/// <summary>One object a control failed: the object, its pod template when it has one, the failures and the scan context.</summary>
public sealed record RemediationRequest(KubeObject Object, Workload? Workload, IReadOnlyList<Finding> Findings, ControlContext Context);
