using System.Security.Cryptography;
using PhiGuard.Admission.Tests.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Sources.Config;

namespace PhiGuard.Admission.Tests;

public sealed class AdmissionConfigTests
{
    [Fact]
    public void Reads_admission_settings_and_signature_keys_beside_the_file()
    {
        using var dir = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(dir.File("cosign.pub"), key.ExportSubjectPublicKeyInfoPem());
        var result = ConfigLoader.Parse(dir.File("phiguard.yaml"), """
            admission:
              defaultMode: enforce
              minSeverity: high
              signatureKeys: [cosign.pub]
              insecureRegistries: ["127.0.0.1:5000"]
            """);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var a = result.Config.Admission;
        Assert.Equal(AdmissionMode.Enforce, a.DefaultMode);
        Assert.Equal(Severity.High, a.MinSeverity);
        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), Assert.Single(a.SignatureKeys));
        Assert.Equal(["127.0.0.1:5000"], a.InsecureRegistries);
    }

    [Fact]
    public void Defaults_to_warn()
    {
        var result = ConfigLoader.Parse("phiguard.yaml", "profile: hipaa\n");
        Assert.Equal(AdmissionMode.Warn, result.Config.Admission.DefaultMode);
        Assert.Empty(result.Config.Admission.SignatureKeys);
    }

    [Theory]
    [InlineData("admission:\n  defaultMode: deny\n", 2, "admission.defaultMode must be enforce, warn or audit, not 'deny'")]
    [InlineData("admission:\n  minSeverity: 3\n", 2, "admission.minSeverity must be low, medium, high or critical")]
    [InlineData("admission:\n  mode: warn\n", 2, "unknown admission setting 'mode'")]
    [InlineData("admission:\n  signatureKeys: [missing.pub]\n", 2, "signature key missing.pub is not a readable ECDSA P-256 public key")]
    [InlineData("admission: [warn]\n", 1, "admission must be a mapping")]
    public void Bad_admission_settings_are_errors_with_their_line(string yaml, int line, string message)
    {
        using var dir = new TempDir();
        var result = ConfigLoader.Parse(dir.File("phiguard.yaml"), yaml);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_p384_key_is_refused()
    {
        using var dir = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(dir.File("big.pub"), key.ExportSubjectPublicKeyInfoPem());
        var result = ConfigLoader.Parse(dir.File("phiguard.yaml"), "admission:\n  signatureKeys: [big.pub]\n");
        Assert.Contains("cosign keys are P-256", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
