namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>A subject and every grant through which it holds a permission.</summary>
public sealed record SubjectGrants(RbacSubject Subject, IReadOnlyList<Grant> Grants);
