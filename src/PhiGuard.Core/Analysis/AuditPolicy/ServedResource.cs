namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>A resource the API server serves: group, plural name, optional subresource, and whether it is namespaced.</summary>
public sealed record ServedResource(string Group, string Resource, string Subresource, bool Namespaced)
{
    public override string ToString() =>
        Resource + (Group.Length > 0 ? "." + Group : string.Empty) + (Subresource.Length > 0 ? "/" + Subresource : string.Empty);
}
