using PhiGuard.Controls.SupplyChain;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.SupplyChain;

/// <summary>Pattern, namespace and mode rules of the Kyverno and sigstore image verification readers.</summary>
public sealed class ImageVerifierTests
{
    private const string Digest = "@sha256:3f1a2b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";

    private readonly ImageSignatureEnforced control = new();

    [Theory]
    [InlineData("registry.example.com/*", "registry.example.com/ehr/api" + Digest, Status.Pass)] // Kyverno * crosses segments
    [InlineData("registry.example.com/ehr/*", "registry.example.com/billing/api" + Digest, Status.Fail)]
    [InlineData("docker.io/library/nginx*", "nginx:1.27", Status.Pass)] // Docker Hub short names are qualified
    [InlineData("ghcr.io/*", "registry.example.com/ehr/api" + Digest, Status.Fail)]
    public void Kyverno_image_references_match_as_kyverno_does(string pattern, string image, Status expected)
    {
        var result = Scan.Run(control, YamlFixture.Parse(Pod("ehr", image) + Kyverno(pattern, "validationFailureAction: Enforce")));
        Assert.Equal(expected, result.Controls[0].Status);
    }

    [Theory]
    [InlineData("registry.example.com/*", Status.Fail)] // sigstore * stays in one segment
    [InlineData("registry.example.com/**", Status.Pass)]
    [InlineData("registry.example.com/ehr/*", Status.Pass)]
    public void Sigstore_globs_keep_single_stars_within_a_segment(string glob, Status expected)
    {
        var result = Scan.Run(control, YamlFixture.Parse(
            Yaml.Namespace("ehr", extraLabels: "    policy.sigstore.dev/include: \"true\"") +
            Pod("ehr", "registry.example.com/ehr/api" + Digest, withNamespace: false) + $"""
            ---
            apiVersion: policy.sigstore.dev/v1beta1
            kind: ClusterImagePolicy
            metadata:
              name: signed
            spec:
              images:
                - glob: "{glob}"
              authorities:
                - key:
                    kms: awskms:///arn:aws:kms:us-east-1:111122223333:key/4f6b
            """));
        Assert.Equal(expected, result.Controls[0].Status);
    }

    [Fact]
    public void A_static_pass_authority_verifies_nothing()
    {
        var result = Scan.Run(control, YamlFixture.Parse(
            Yaml.Namespace("ehr", extraLabels: "    policy.sigstore.dev/include: \"true\"") +
            Pod("ehr", "registry.example.com/ehr/api" + Digest, withNamespace: false) + """
            ---
            apiVersion: policy.sigstore.dev/v1beta1
            kind: ClusterImagePolicy
            metadata:
              name: allow-all
            spec:
              images:
                - glob: "**"
              authorities:
                - static:
                    action: pass
            """));
        Assert.Equal(Status.Fail, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Message.Contains("verifies no signature", StringComparison.Ordinal));
    }

    [Fact]
    public void An_audit_override_for_the_phi_namespace_defeats_enforce()
    {
        var overrides = """
            validationFailureAction: Enforce
              validationFailureActionOverrides:
                - action: Audit
                  namespaces: ["ehr*"]
            """;
        var result = Scan.Run(control, YamlFixture.Parse(Pod("ehr", "registry.example.com/ehr/api" + Digest) + Kyverno("registry.example.com/*", overrides)));
        Assert.Equal(Status.Fail, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Message.Contains("is in Audit mode", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_excluding_the_phi_namespace_does_not_cover_it()
    {
        var policy = Kyverno("registry.example.com/*", "validationFailureAction: Enforce").Replace(
            "      verifyImages:",
            """
                  exclude:
                    any:
                      - resources:
                          namespaces: ["ehr"]
                  verifyImages:
            """,
            StringComparison.Ordinal);
        var result = Scan.Run(control, YamlFixture.Parse(Pod("ehr", "registry.example.com/ehr/api" + Digest) + policy));
        Assert.Equal(Status.Fail, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Message.Contains("excludes namespace ehr", StringComparison.Ordinal));
    }

    private static string Pod(string ns, string image, bool withNamespace = true) => (withNamespace ? Yaml.Namespace(ns) : string.Empty) + $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: api
          namespace: {ns}
        spec:
          containers:
            - name: api
              image: {image}

        """;

    private static string Kyverno(string pattern, string mode) => $"""
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: verify
        spec:
          {mode}
          rules:
            - name: verify
              match:
                any:
                  - resources:
                      kinds: ["Pod"]
              verifyImages:
                - imageReferences: ["{pattern}"]
                  attestors:
                    - entries:
                        - keyless:
                            subject: "https://github.com/example-health/*"
                            issuer: "https://token.actions.githubusercontent.com"
        """;
}
