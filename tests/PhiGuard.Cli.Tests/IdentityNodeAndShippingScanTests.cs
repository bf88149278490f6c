using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// End-to-end through <c>phiguard scan</c>: the identity, token, CNI, FIPS and audit-shipping controls on the kubeadm
/// node snapshot and on the EKS description, and what they say when the input cannot show the answer.
/// </summary>
public sealed class IdentityNodeAndShippingScanTests
{
    private const string Snapshot = "examples/node-snapshots/kubeadm-control-plane";
    private const string Eks = "examples/providers/eks-describe-cluster.json";

    [Fact]
    public void Kubeadm_snapshot_is_judged_from_the_api_server_flags()
    {
        var controls = Statuses(["scan", "--node-snapshot", Snapshot, "-f", "json", "--fail-on", "never"]);

        Assert.Equal("pass", controls["external-idp-only"].Status);
        Assert.Equal("pass", controls["sa-tokens-bound-short-lived"].Status);

        // OIDC flags cannot require an MFA claim and no attestation is given; the audit log is written on the node
        // and nothing ships it.
        Assert.Equal("fail", controls["mfa-claim-enforced"].Status);
        Assert.Equal("fail", controls["audit-shipped-central"].Status);

        // No DaemonSets in a node snapshot: the CNI cannot be seen. No policy requires FIPS.
        Assert.Equal("not-assessable", controls["cni-enforces-networkpolicy"].Status);
        Assert.Equal("not-applicable", controls["fips-crypto-where-required"].Status);
    }

    [Fact]
    public void Eks_description_passes_only_what_it_shows()
    {
        var controls = Statuses(["scan", "--provider", Eks, "-f", "json", "--fail-on", "never"]);

        Assert.Equal("pass", controls["audit-shipped-central"].Status);
        foreach (var id in new[] { "external-idp-only", "mfa-claim-enforced", "sa-tokens-bound-short-lived", "cni-enforces-networkpolicy" })
        {
            Assert.True(controls[id].Status == "not-assessable", $"{id}: {controls[id]}");
        }
    }

    [Fact]
    public void Fips_required_in_config_fails_a_node_outside_fips_mode_and_an_attestation_passes_mfa()
    {
        using var dir = new TempDir();
        var config = dir.File("phiguard.yaml", """
            fipsRequired: true
            fipsImages: [registry.clinic.example/fips]
            attestations:
              - item: mfa-claim-enforced
                by: "Pat Lee, CISO"
                date: 2026-01-15
                expires: 2099-01-15
                statement: "Okta conditional access requires MFA for the kubernetes client."
            """);
        var controls = Statuses(["scan", "--node-snapshot", Snapshot, "--config", config, "-f", "json", "--fail-on", "never"]);

        Assert.Equal("fail", controls["fips-crypto-where-required"].Status);
        Assert.Equal("pass", controls["mfa-claim-enforced"].Status);
    }

    private static Dictionary<string, (string Status, string Reason)> Statuses(string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("controls").EnumerateArray().ToDictionary(
            c => c.GetProperty("id").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString()! : string.Empty));
    }
}
