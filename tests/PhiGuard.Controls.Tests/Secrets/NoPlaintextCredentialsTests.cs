using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Analysis.Secrets;
using PhiGuard.Core.Engine;
using PhiGuard.Reports;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Controls.Tests.Secrets;

/// <summary>
/// The secret values in the no-plaintext-credentials fixtures never reach any output format (every renderer, with
/// passes included and the real source locator), while the findings about them do, with their fingerprints.
/// </summary>
public sealed class NoPlaintextCredentialsTests
{
    private static readonly string[] SecretValues =
    [
        "Winter2026!records",
        "AKIAIOSFODNN7EXAMPLE",
        "s3cr3t-Pa55",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
        "Qm9ndXNTaWduYXR1cmVGb3JUZXN0c09ubHk",
        "q8Zr2LmX0vT7pK4wN9sB3cYd",
    ];

    public static TheoryData<string> Formats()
    {
        var data = new TheoryData<string>();
        foreach (var f in Renderers.Formats)
        {
            data.Add(f);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void No_output_format_contains_a_secret_value(string format)
    {
        var control = BuiltInControls.Find("no-plaintext-credentials")!;
        var folder = Path.Combine(Fixtures.Root, BuiltInControls.FolderOf(control));
        var fails = Directory.GetFiles(folder, "fail.*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, fails.Count);
        var renderer = Renderers.Find(format)!;
        foreach (var file in fails)
        {
            var fixture = YamlFixture.Load(file);
            var result = Scan.Run(control, fixture);
            Assert.Contains(result.Findings, f => f.Status == Status.Fail);
            var text = new StringWriter();
            renderer.Render(result, RenderOptions.Default with { IncludePassed = true, Locator = new SourceFieldLocator() }, text);
            var output = text.ToString();
            Assert.NotEmpty(output);
            foreach (var secret in SecretValues)
            {
                Assert.False(output.Contains(secret, StringComparison.Ordinal), $"{format} output of {Path.GetFileName(file)} contains a secret value");
            }
        }
    }

    [Fact]
    public void Finding_shows_the_fingerprint_of_the_value()
    {
        var control = BuiltInControls.Find("no-plaintext-credentials")!;
        var file = Path.Combine(Fixtures.Root, BuiltInControls.FolderOf(control), "fail.password-in-env.yaml");
        var result = Scan.Run(control, YamlFixture.Load(file));
        var finding = Assert.Single(result.Findings, f => f.Status == Status.Fail);
        Assert.Contains(CredentialDetector.Fingerprint("Winter2026!records"), finding.Message, StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AWS access key id")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----", "PEM private key")]
    [InlineData("Server=db;Database=ehr;User Id=sa;Password=Hunter2!x;", "connection string with a password")]
    [InlineData("mongodb://app:Pa55w0rd@mongo:27017/ehr", "connection string with a password")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=ehr;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNA==", "Azure storage account key")]
    [InlineData("ghp_0123456789abcdefghijABCDEFGHIJ012345", "service access token")]
    public void Detectors_recognise_credentials(string value, string kind)
    {
        Assert.Equal(kind, CredentialDetector.DetectValue(value)?.Kind);
    }

    [Theory]
    [InlineData("postgres://records-db:5432/records")]
    [InlineData("postgres://app:${DB_PASSWORD}@db:5432/ehr")]
    [InlineData("Password=;Server=db")]
    [InlineData("just a sentence about tokens and keys")]
    public void Detectors_leave_references_and_prose_alone(string value)
    {
        Assert.Null(CredentialDetector.DetectValue(value));
    }

    [Fact]
    public void Entropy_rule_needs_a_credential_like_name()
    {
        const string random = "q8Zr2LmX0vT7pK4wN9sB3cYd";
        Assert.NotNull(CredentialDetector.Detect("PARTNER_API_KEY", random));
        Assert.Null(CredentialDetector.Detect("BUILD_ID", random));
        Assert.Null(CredentialDetector.Detect("SESSION_KEY_NAME", "records-session"));
    }
}
