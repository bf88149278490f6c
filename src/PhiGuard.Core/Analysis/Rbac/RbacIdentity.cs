namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// An authenticated identity as the authorizer sees it: a user name and its groups, including the implicit groups
/// Kubernetes adds (<c>system:authenticated</c>, and for service accounts <c>system:serviceaccounts</c> and
/// <c>system:serviceaccounts:&lt;ns&gt;</c>).
/// </summary>
public sealed record RbacIdentity(string? UserName, IReadOnlyList<string> Groups)
{
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Anonymous = "system:anonymous";

    /// <summary>The anonymous user: <c>system:anonymous</c> in group <c>system:unauthenticated</c>.</summary>
    public static RbacIdentity AnonymousUser { get; } = new(Anonymous, [Unauthenticated]);

    /// <summary>
    /// The identity a subject stands for: a service account with its implicit groups; a user with
    /// <c>system:authenticated</c> (plus <paramref name="extraGroups"/>); a group as a member that belongs to that
    /// group only (so the answer is what the group itself grants).
    /// </summary>
    public static RbacIdentity For(RbacSubject subject, IEnumerable<string>? extraGroups = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var extra = extraGroups?.ToList() ?? [];
        return subject.Kind switch
        {
            RbacSubject.ServiceAccount => new RbacIdentity(subject.ServiceAccountUserName,
                ["system:serviceaccounts", $"system:serviceaccounts:{subject.Namespace}", Authenticated, .. extra]),
            RbacSubject.User when subject.Name == Anonymous => new RbacIdentity(Anonymous, [Unauthenticated, .. extra]),
            RbacSubject.User => new RbacIdentity(subject.Name, [Authenticated, .. extra]),
            _ => new RbacIdentity(null, [subject.Name, .. extra]),
        };
    }

    /// <summary>The authorizer's appliesTo: does a binding's subject cover this identity.</summary>
    public bool IsCoveredBy(RbacSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Kind switch
        {
            RbacSubject.User => UserName is not null && UserName == subject.Name,
            RbacSubject.Group => Groups.Contains(subject.Name, StringComparer.Ordinal),
            RbacSubject.ServiceAccount => UserName is not null && subject.ServiceAccountUserName == UserName,
            _ => false,
        };
    }
}
