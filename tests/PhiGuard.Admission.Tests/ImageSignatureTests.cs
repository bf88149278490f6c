using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PhiGuard.Admission.Images;
using PhiGuard.Admission.Tests.Support;
using PhiGuard.Core.Config;

namespace PhiGuard.Admission.Tests;

/// <summary>Signed and unsigned images told apart against a real registry (Debian's docker-registry).</summary>
public sealed class ImageSignatureTests(TestRegistry registry) : IClassFixture<TestRegistry>, IDisposable
{
    private readonly ECDsa trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private CosignVerifier Verifier() => new([trusted.ExportSubjectPublicKeyInfoPem()], [registry.Host]);

    public void Dispose()
    {
        trusted.Dispose();
        stranger.Dispose();
    }

    [Fact]
    public async Task Signed_image_verifies_and_unsigned_does_not()
    {
        var signed = await registry.PushImageAsync("clinic/api", "signed");
        await registry.SignAsync("clinic/api", signed, trusted);
        var unsigned = await registry.PushImageAsync("clinic/api", "unsigned");
        Assert.NotEqual(signed, unsigned);

        using var verifier = Verifier();
        var ok = await verifier.VerifyAsync(ImageReference.TryParse($"{registry.Host}/clinic/api@{signed}")!, default);
        Assert.Equal(SignatureState.Verified, ok.State);

        var no = await verifier.VerifyAsync(ImageReference.TryParse($"{registry.Host}/clinic/api@{unsigned}")!, default);
        Assert.Equal(SignatureState.Unsigned, no.State);
        Assert.Contains("no cosign signature", no.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_by_an_untrusted_key_or_for_another_digest_does_not_count()
    {
        var byStranger = await registry.PushImageAsync("clinic/billing", "a");
        await registry.SignAsync("clinic/billing", byStranger, stranger);
        var replayed = await registry.PushImageAsync("clinic/billing", "b");
        var other = await registry.PushImageAsync("clinic/billing", "c");

        // A valid signature of another digest copied under this digest's tag.
        await registry.SignAsync("clinic/billing", replayed, trusted, signedDigest: other);

        using var verifier = Verifier();
        foreach (var digest in new[] { byStranger, replayed })
        {
            var check = await verifier.VerifyAsync(ImageReference.TryParse($"{registry.Host}/clinic/billing@{digest}")!, default);
            Assert.Equal(SignatureState.Unsigned, check.State);
            Assert.Contains("none valid", check.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Results_are_cached()
    {
        var digest = await registry.PushImageAsync("clinic/cache", "v1");
        await registry.SignAsync("clinic/cache", digest, trusted);
        using var verifier = Verifier();
        var image = ImageReference.TryParse($"{registry.Host}/clinic/cache@{digest}")!;
        Assert.Equal(SignatureState.Verified, (await verifier.VerifyAsync(image, default)).State);
        var calls = verifier.RegistryCalls;
        Assert.True(calls >= 2, "manifest and payload blob were fetched");
        Assert.Equal(SignatureState.Verified, (await verifier.VerifyAsync(image, default)).State);
        Assert.Equal(calls, verifier.RegistryCalls);
    }

    [Fact]
    public async Task Unreachable_registry_fails_closed_within_the_timeout()
    {
        // A listener that accepts and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        using var verifier = new CosignVerifier([trusted.ExportSubjectPublicKeyInfoPem()], [host]) { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        var started = DateTime.UtcNow;
        var check = await verifier.VerifyAsync(ImageReference.TryParse($"{host}/a/b@sha256:{new string('a', 64)}")!, default);
        Assert.Equal(SignatureState.Error, check.State);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Webhook_admits_the_signed_image_and_denies_the_unsigned_one_in_a_phi_namespace()
    {
        var signed = await registry.PushImageAsync("clinic/portal", "signed");
        await registry.SignAsync("clinic/portal", signed, trusted);
        var unsigned = await registry.PushImageAsync("clinic/portal", "unsigned");
        var config = new PhiGuardConfig
        {
            Admission = new AdmissionSettings
            {
                SignatureKeys = [trusted.ExportSubjectPublicKeyInfoPem()],
                InsecureRegistries = [registry.Host],
            },
        };

        await using var server = await RunningServer.StartAsync(config);
        using var client = server.Client();

        async Task<JsonNode> Admit(string image, string ns = "clinic", string path = "/validate/enforce/low/phi")
        {
            var review = Reviews.Review(Reviews.Deployment(ns, readOnlyRoot: true, image: image)).ToJsonString();
            using var content = new StringContent(review, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(path, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response"]!;
        }

        var ok = await Admit($"{registry.Host}/clinic/portal@{signed}");
        Assert.True(ok["allowed"]!.GetValue<bool>(), ok.ToJsonString());

        var denied = await Admit($"{registry.Host}/clinic/portal@{unsigned}");
        Assert.False(denied["allowed"]!.GetValue<bool>());
        var message = denied["status"]!["message"]!.GetValue<string>();
        Assert.Contains(AdmissionEngine.SignatureControlId, message, StringComparison.Ordinal);
        Assert.Contains("spec.template.spec.containers[0].image", message, StringComparison.Ordinal);

        var tagOnly = await Admit($"{registry.Host}/clinic/portal:signed");
        Assert.False(tagOnly["allowed"]!.GetValue<bool>());
        Assert.Contains("not pinned by digest", tagOnly["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Outside PHI namespaces signatures are not required.
        var tools = await Admit($"{registry.Host}/clinic/portal@{unsigned}", "tools", "/validate/enforce/low");
        Assert.True(tools["allowed"]!.GetValue<bool>());
    }
}
