namespace PhiGuard.Core.Catalog;

/// <summary>A NIST SP 800-66r2 key activity from the OSCAL catalog (id <c>hipaa-001</c> … <c>hipaa-126</c>).</summary>
public sealed record KeyActivity(string Id, string Title, string Standard, string Statement);
