namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// A subject as a binding names it: User, Group or ServiceAccount (with its namespace; a RoleBinding's service
/// account without a namespace is in the binding's namespace, as the authorizer reads it).
/// </summary>
public sealed record RbacSubject(string Kind, string Name, string? Namespace = null)
{
    public const string User = "User";
    public const string Group = "Group";
    public const string ServiceAccount = "ServiceAccount";

    /// <summary>The user name Kubernetes gives a service account's tokens.</summary>
    public string? ServiceAccountUserName =>
        Kind == ServiceAccount && !string.IsNullOrEmpty(Namespace) ? $"system:serviceaccount:{Namespace}:{Name}" : null;

    /// <summary>
    /// Parses the CLI form: <c>sa:NS:NAME</c> (or <c>serviceaccount:</c>), <c>user:NAME</c>, <c>group:NAME</c>, or a
    /// raw service-account user name <c>system:serviceaccount:NS:NAME</c>. Returns null with a reason when malformed.
    /// </summary>
    public static RbacSubject? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        if (text.StartsWith("system:serviceaccount:", StringComparison.Ordinal))
        {
            text = "sa:" + text["system:serviceaccount:".Length..];
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? string.Empty : text[..colon].ToLowerInvariant();
        var rest = colon < 0 ? string.Empty : text[(colon + 1)..];
        switch (prefix)
        {
            case "user" when rest.Length > 0:
                return new RbacSubject(User, rest);
            case "group" when rest.Length > 0:
                return new RbacSubject(Group, rest);
            case "sa" or "serviceaccount":
                var parts = rest.Split(':');
                if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
                {
                    return new RbacSubject(ServiceAccount, parts[1], parts[0]);
                }

                error = $"'{text}': a service account is sa:NAMESPACE:NAME";
                return null;
            default:
                error = $"'{text}': a subject is user:NAME, group:NAME or sa:NAMESPACE:NAME";
                return null;
        }
    }

    /// <summary>Orders by kind, namespace, name (ordinal).</summary>
    public static IComparer<RbacSubject> Order { get; } = Comparer<RbacSubject>.Create(static (a, b) =>
    {
        var c = string.CompareOrdinal(a.Kind, b.Kind);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Namespace ?? string.Empty, b.Namespace ?? string.Empty);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    });

    /// <summary><c>ServiceAccount ehr-prod/backup</c>, <c>User alice</c>, <c>Group ehr-oncall</c>.</summary>
    public override string ToString() =>
        Kind == ServiceAccount ? $"ServiceAccount {Namespace ?? "?"}/{Name}" : $"{Kind} {Name}";
}
