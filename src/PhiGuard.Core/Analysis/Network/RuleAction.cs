namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// What a matching rule does: NetworkPolicy rules only allow; Cilium adds deny rules (which win over every allow);
/// Calico rules allow, deny, pass (hand the traffic to the next tier, here the namespace profile, which allows) or log
/// (no decision, evaluation goes on).
/// </summary>
public enum RuleAction
{
    Allow,
    Deny,
    Pass,
    Log,
}
