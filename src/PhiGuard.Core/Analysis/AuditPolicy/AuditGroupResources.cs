namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>One <c>resources</c> entry of a rule: an API group, resources (with <c>*</c>, <c>*/sub</c>, <c>res/*</c>) and names.</summary>
public sealed record AuditGroupResources(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames);
