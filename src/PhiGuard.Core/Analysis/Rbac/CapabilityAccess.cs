namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>One verb on one resource (or subresource) of an API group.</summary>
public sealed record CapabilityAccess(string Verb, string Group, string Resource, string? Subresource = null)
{
    public override string ToString()
    {
        var res = Group.Length == 0 ? Resource : $"{Resource}.{Group}";
        return Subresource is null ? $"{Verb} {res}" : $"{Verb} {res}/{Subresource}";
    }
}
