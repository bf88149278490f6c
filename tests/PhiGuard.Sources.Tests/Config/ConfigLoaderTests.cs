using System.Security.Cryptography;
using System.Text;
using PhiGuard.Core.Config;
using PhiGuard.Sources.Config;

namespace PhiGuard.Sources.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private ConfigLoadResult Load(string yaml) => ConfigLoader.Load(dir.Write("phiguard.yaml", yaml));

    [Fact]
    public void The_documented_example_loads_completely()
    {
        var evidence = dir.Write("evidence/baa-aws.pdf", "signed BAA");
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("signed BAA")));
        var result = Load($$$"""
            profile: hipaa-nprm-2025
            phiNamespaces: [ehr-prod, "billing-*"]
            systemNamespaces: [kube-system, kube-public, kube-node-lease, monitoring]
            approvedRegistries: [registry.clinic.example]
            clusterAdminAllowList:
              - {kind: Group, name: breakglass-admins}
              - {kind: ServiceAccount, namespace: kube-system, name: cluster-autoscaler}
            thresholds: {maxNodeAgeDays: 30}
            waivers:
              - control: readonly-root-filesystem
                selector: {kind: Deployment, namespace: ehr-dev, name: "legacy-*", labels: {app: fax-gateway}}
                justification: "vendor image writes to /tmp; vendor fix due Q1"
                approvedBy: "jane.doe@clinic.example"
                expires: 2027-03-31
            attestations:
              - item: baa-executed
                by: "CISO Pat Lee"
                date: 2026-09-01
                expires: 2027-09-01
                link: https://grc.clinic.example/baa/aws
                statement: "AWS BAA signed, covers EKS, EBS, S3, KMS"
              - item: workforce-training
                by: HR
                date: 2026-10-01
                file: evidence/baa-aws.pdf
                sha256: {{{sha.ToUpperInvariant()}}}
            """);

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        var c = result.Config;
        Assert.Equal("hipaa-nprm-2025", c.Profile);
        Assert.Equal(["ehr-prod", "billing-*"], c.PhiNamespaces);
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease", "monitoring"], c.SystemNamespaces);
        Assert.Equal(["registry.clinic.example"], c.ApprovedRegistries);
        Assert.Equal([new SubjectRef("Group", "breakglass-admins"), new SubjectRef("ServiceAccount", "cluster-autoscaler", "kube-system")], c.ClusterAdminAllowList);
        Assert.Equal(30, c.Threshold("maxNodeAgeDays", 1));
        var waiver = Assert.Single(c.Waivers);
        Assert.Equal("readonly-root-filesystem", waiver.Control);
        Assert.Equal(new DateOnly(2027, 3, 31), waiver.Expires);
        Assert.Equal("legacy-*", waiver.Selector.Name);
        Assert.Equal("fax-gateway", waiver.Selector.Labels["app"]);
        Assert.Equal((c.Path, 10, 5), (waiver.Source!.File, waiver.Source.Line, waiver.Source.Column));
        Assert.Equal(2, c.Attestations.Count);
        Assert.Equal(new DateOnly(2027, 9, 1), c.Attestations[0].Expires);
        Assert.Equal(16, c.Attestations[0].Source!.Line);
        Assert.Null(c.Attestations[1].EvidenceProblem);
        Assert.Equal(sha, c.Attestations[1].Sha256);
        Assert.True(File.Exists(evidence));
    }

    [Fact]
    public void The_core_default_config_has_the_default_system_namespaces()
    {
        // Guards a static-initialisation-order bug: Default was built before DefaultSystemNamespaces existed.
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease"], PhiGuardConfig.Default.SystemNamespaces);
    }

    [Fact]
    public void An_empty_file_gives_the_defaults()
    {
        var result = Load("# nothing configured yet\n");

        Assert.Empty(result.Errors);
        Assert.Equal(PhiGuardConfig.DefaultSystemNamespaces, result.Config.SystemNamespaces);
        Assert.Null(result.Config.Profile);
    }

    [Theory]
    [InlineData("control", "is missing 'control'")]
    [InlineData("justification", "is missing 'justification'")]
    [InlineData("approvedBy", "is missing 'approvedBy'")]
    [InlineData("expires", "is missing 'expires'")]
    public void A_waiver_missing_a_required_field_is_an_error_at_the_waiver(string field, string message)
    {
        var lines = new[]
        {
            "  - control: readonly-root-filesystem",
            "    justification: vendor",
            "    approvedBy: jane",
            "    expires: 2027-03-31",
        }.Where(l => !l.TrimStart(' ', '-').StartsWith(field + ":", StringComparison.Ordinal)).ToList();
        lines[0] = "  - " + lines[0].TrimStart(' ', '-');

        var result = Load("waivers:\n" + string.Join('\n', lines) + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 5), (error.Line, error.Column));
        Assert.Empty(result.Config.Waivers);
    }

    [Fact]
    public void Unknown_keys_are_errors_with_their_line()
    {
        var result = Load("profile: hipaa\nphiNamespace: [x]\nwaivers:\n  - control: a\n    justification: b\n    approvedBy: c\n    expires: 2027-01-01\n    expiry: 2027-01-01\n");

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal((2, 1), (result.Errors[0].Line, result.Errors[0].Column));
        Assert.Contains("unknown setting 'phiNamespace'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(8, result.Errors[1].Line);
        Assert.Contains("'expiry'", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-13-01")]
    [InlineData("31/03/2027")]
    [InlineData("soon")]
    public void Bad_dates_are_errors(string date)
    {
        var result = Load($"waivers:\n  - control: a\n    justification: b\n    approvedBy: c\n    expires: {date}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((5, 14), (error.Line, error.Column));
        Assert.Contains("YYYY-MM-DD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_is_an_error_listing_the_known_ones()
    {
        var result = Load("profile: hipaa-2030\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, 10), (error.Line, error.Column));
        Assert.Contains("hipaa, hipaa-nprm-2025", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_entry_points_are_read_and_a_missing_namespace_is_an_error()
    {
        var ok = Load("networkEntryPoints:\n  - {namespace: ingress-*, name: ingress-nginx-controller, kind: Deployment, reason: public entry}\n  - {namespace: monitoring}\n");
        Assert.Empty(ok.Errors);
        Assert.Equal(2, ok.Config.NetworkEntryPoints.Count);
        Assert.True(ok.Config.NetworkEntryPoints[0].Matches("ingress-nginx", "deployment", "ingress-nginx-controller"));
        Assert.False(ok.Config.NetworkEntryPoints[0].Matches("ingress-nginx", "DaemonSet", "ingress-nginx-controller"));
        Assert.True(ok.Config.NetworkEntryPoints[1].Matches("monitoring", "StatefulSet", "prometheus"));

        var bad = Load("networkEntryPoints:\n  - {name: x, port: 80}\n");
        Assert.Contains(bad.Errors, e => e.Message.Contains("namespace", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.Message.Contains("port", StringComparison.Ordinal));
        Assert.All(bad.Errors, e => Assert.Equal(2, e.Line));
    }

    [Fact]
    public void Wrong_shapes_are_errors()
    {
        var result = Load("phiNamespaces: ehr-prod\nthresholds: {maxNodeAgeDays: thirty}\nclusterAdminAllowList:\n  - {kind: Robot, name: r}\n  - {kind: ServiceAccount, name: sa}\n");

        Assert.Equal(4, result.Errors.Count);
        Assert.Contains("must be a list", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("must be a number", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("not 'Robot'", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("needs a 'namespace'", result.Errors[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_tampered_evidence_is_recorded_on_the_attestation_not_thrown()
    {
        dir.Write("evidence/training.csv", "tampered");
        var result = Load("""
            attestations:
              - {item: baa-executed, by: CISO, date: 2026-01-01, file: evidence/missing.pdf}
              - item: workforce-training
                by: HR
                date: 2026-01-01
                file: evidence/training.csv
                sha256: 0000000000000000000000000000000000000000000000000000000000000000
            """);

        Assert.Empty(result.Errors);
        Assert.Contains("not found", result.Config.Attestations[0].EvidenceProblem, StringComparison.Ordinal);
        Assert.Contains("the attestation says 0000", result.Config.Attestations[1].EvidenceProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attestation_needs_item_by_and_date()
    {
        var result = Load("attestations:\n  - {item: baa-executed, link: https://x}\n");

        Assert.Contains(result.Errors, e => e.Message.Contains("is missing 'by'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("is missing 'date'", StringComparison.Ordinal));
        Assert.Empty(result.Config.Attestations);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_line()
    {
        var result = Load("profile: hipaa\nphiNamespaces: [a, b\n");

        var error = Assert.Single(result.Errors);
        Assert.True(error.Line >= 2);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_and_find_looks_in_the_folder()
    {
        Assert.Null(ConfigLoader.Find(dir.Path));
        Assert.Single(ConfigLoader.Load(Path.Combine(dir.Path, "phiguard.yaml")).Errors);

        var path = dir.Write("phiguard.yml", "profile: hipaa\n");

        Assert.Equal(path, ConfigLoader.Find(dir.Path));
    }

    [Fact]
    public void Rbac_section_reads_allow_lists_exceptions_and_the_identity_export()
    {
        var result = Load("rbac:\n  secretsReaders:\n    - {kind: ServiceAccount, namespace: ehr-prod, name: backup}\n  execAllowList:\n    - {kind: Group, name: jit}\n  sharedServiceAccounts: [ehr-prod/reports]\n  identityExport: idp.json\n");

        Assert.Empty(result.Errors);
        var rbac = result.Config.Rbac;
        Assert.Equal("ServiceAccount:ehr-prod:backup", Assert.Single(rbac.SecretsReaders).ToString());
        Assert.Equal("Group:jit", Assert.Single(rbac.ExecAllowList).ToString());
        Assert.Equal(["ehr-prod/reports"], rbac.SharedServiceAccounts);
        Assert.Equal(Path.Combine(dir.Path, "idp.json"), rbac.IdentityExport);
    }

    [Fact]
    public void Rbac_section_errors_name_the_line()
    {
        var result = Load("rbac:\n  secretReaders: []\n  sharedServiceAccounts: [reports]\n  escalationAllowList:\n    - {kind: ServiceAccount, name: x}\n");

        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("unknown rbac key 'secretReaders'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Errors[0].Line);
        Assert.Contains("must be NAMESPACE/NAME", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("needs a 'namespace'", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fips_settings_are_read_and_a_non_boolean_flag_is_an_error_at_its_line()
    {
        var ok = Load("fipsRequired: true\nfipsImages: [registry.clinic.example/fips, quay.io/rhel-fips]\n");
        Assert.Empty(ok.Errors);
        Assert.True(ok.Config.FipsRequired);
        Assert.Equal(["registry.clinic.example/fips", "quay.io/rhel-fips"], ok.Config.FipsImages);
        Assert.False(PhiGuardConfig.Default.FipsRequired);

        var bad = Load("profile: hipaa\nfipsRequired: yes\n");
        var error = Assert.Single(bad.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("fipsRequired must be true or false", error.Message, StringComparison.Ordinal);
    }
}
