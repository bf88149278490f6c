namespace PhiGuard.Core.Analysis.Secrets;

/// <summary>
/// A credential found in plain text: what kind it looks like and a short fingerprint of the value (the first 8 hex
/// digits of its SHA-256) to tell findings apart. Never holds the value itself.
/// </summary>
public sealed record CredentialMatch(string Kind, string Fingerprint, int Length)
{
    public override string ToString() => $"{Kind} (fingerprint {Fingerprint}, {Length} chars)";
}
