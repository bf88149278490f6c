using PhiGuard.Controls.Secrets;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Reports;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Controls.Tests.Secrets;

public sealed class ExternalSecretStoreUsedTests
{
    private const string Value = "c3VwZXItc2VjcmV0LWRiLXBhc3N3b3Jk"; // base64 of a made-up password

    private readonly ExternalSecretStoreUsed control = new();

    [Fact]
    public void A_hand_made_secret_is_reported_by_name_without_its_value_in_any_format()
    {
        var yaml = YamlFixture.Parse("# origin: cluster\n" + Yaml.Namespace("ehr") + $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: ehr
              managedFields:
                - manager: kubectl-edit
                  operation: Update
                  apiVersion: v1
            type: Opaque
            data:
              password: {Value}
            """);
        var result = Scan.Run(control, yaml);
        var failure = Assert.Single(result.Findings, f => f.Status == Status.Fail);
        Assert.Equal("metadata.managedFields[0].manager", failure.Path);
        Assert.Contains("Secret ehr/db", failure.Message, StringComparison.Ordinal);
        foreach (var format in Renderers.Formats)
        {
            var text = new StringWriter();
            Renderers.Find(format)!.Render(result, RenderOptions.Default with { IncludePassed = true, Locator = new SourceFieldLocator() }, text);
            Assert.DoesNotContain(Value, text.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1h", Status.Pass)]
    [InlineData("30m", Status.Pass)]
    [InlineData("1h30m", Status.Fail)]
    [InlineData("24h", Status.Fail)]
    [InlineData("\"0\"", Status.Fail)]
    [InlineData("soon", Status.Fail)]
    public void Refresh_interval_is_at_most_an_hour(string interval, Status expected)
    {
        var result = Scan.Run(control, YamlFixture.Parse(Yaml.Namespace("ehr") + $"""
            apiVersion: external-secrets.io/v1beta1
            kind: ExternalSecret
            metadata:
              name: db
              namespace: ehr
            spec:
              refreshInterval: {interval}
              secretStoreRef:
                name: vault
                kind: ClusterSecretStore
              data:
                - secretKey: password
                  remoteRef:
                    key: ehr/db
            """));
        Assert.Equal(expected, result.Controls[0].Status);
    }
}
