using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Reports.Tests.TestControls;

namespace PhiGuard.Reports.Tests;

/// <summary>
/// A small clinic scanned by the real <see cref="Scanner"/> with one test control of each shape: failures, a pass,
/// an active, an expired and an unused waiver, manual items attested, unattested and expired, a load error, a
/// resource type that could not be read, an object named like a script tag, and a Secret holding a fake password.
/// </summary>
internal static class Scenario
{
    public const string BaseDirectory = "/src/clinic";

    /// <summary>The Secret's value, base64 and decoded: no report may ever contain either.</summary>
    public const string SecretPlain = "Sup3r-Secret-Db-Passw0rd!";

    public static readonly string SecretBase64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SecretPlain));

    public const string ScriptName = "<script>alert(1)</script>";

    public static DateTimeOffset Now { get; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Control> Controls { get; } =
    [
        new TestReadOnlyRootControl(),
        new TestIngressTlsControl(),
        new TestSecretOwnerControl(),
        new TestRbacBindingsControl(),
        new TestDefaultDenyControl(),
        new TestBaaControl(),
        new TestTrainingControl(),
        new TestDrPlanControl(),
    ];

    public static HipaaCatalog Catalog { get; } = HipaaCatalog.Create(
    [
        Safeguard("164.308(a)(1)(i)", "Security management process", SafeguardType.Standard, "164.308", "164.308(a)(1)"),
        Safeguard("164.308(a)(1)(ii)(B)", "Risk management", SafeguardType.Required, "164.308", "164.308(a)(1)"),
        Safeguard("164.308(a)(4)(ii)(B)", "Access authorization", SafeguardType.Addressable, "164.308", "164.308(a)(4)"),
        Safeguard("164.308(a)(5)(i)", "Security awareness and training", SafeguardType.Standard, "164.308", "164.308(a)(5)"),
        Safeguard("164.308(a)(7)(ii)(B)", "Disaster recovery plan", SafeguardType.Required, "164.308", "164.308(a)(7)"),
        Safeguard("164.308(b)(3)", "Written contract or other arrangement", SafeguardType.Required, "164.308", "164.308(b)"),
        Safeguard("164.310(d)(1)", "Device and media controls", SafeguardType.Standard, "164.310", "164.310(d)"),
        Safeguard("164.312(a)(1)", "Access control", SafeguardType.Standard, "164.312", "164.312(a)"),
        Safeguard("164.312(a)(2)(iv)", "Encryption and decryption", SafeguardType.Addressable, "164.312", "164.312(a)"),
        Safeguard("164.312(e)(1)", "Transmission security", SafeguardType.Standard, "164.312", "164.312(e)"),
        Safeguard("164.312(e)(2)(ii)", "Encryption", SafeguardType.Addressable, "164.312", "164.312(e)"),
        Safeguard("164.314(a)(2)(i)", "Business associate contracts", SafeguardType.Required, "164.314", "164.314(a)"),
        Safeguard("164.316(b)(2)(i)", "Time limit", SafeguardType.Required, "164.316", "164.316(b)"),
    ],
    []);

    public static PhiGuardConfig Config { get; } = new()
    {
        Path = BaseDirectory + "/phiguard.yaml",
        Waivers =
        [
            new Waiver
            {
                Control = "test-readonly-root",
                Selector = new WaiverSelector { Namespace = "billing", Name = "billing-*" },
                Justification = "Vendor image writes to /var/run; replacement tracked in SEC-142",
                ApprovedBy = "Dana Whitfield (CISO)",
                Expires = new DateOnly(2026, 6, 30),
                Source = new SourceLocation(BaseDirectory + "/phiguard.yaml", 12, 5),
            },
            new Waiver
            {
                Control = "test-ingress-tls",
                Selector = new WaiverSelector { Kind = "Ingress", Namespace = "ehr-prod" },
                Justification = "TLS terminated at the load balancer during migration",
                ApprovedBy = "Dana Whitfield (CISO)",
                Expires = new DateOnly(2025, 12, 31),
                Source = new SourceLocation(BaseDirectory + "/phiguard.yaml", 19, 5),
            },
            new Waiver
            {
                Control = "test-secret-owner",
                Selector = new WaiverSelector { Name = "legacy-*" },
                Justification = "Legacy secrets are being retired",
                ApprovedBy = "Lee Park",
                Expires = new DateOnly(2026, 12, 31),
                Source = new SourceLocation(BaseDirectory + "/phiguard.yaml", 26, 5),
            },
        ],
        Attestations =
        [
            new Attestation
            {
                Item = "test-baa-executed",
                By = "Priya Raman",
                Date = new DateOnly(2025, 11, 2),
                Link = "https://contracts.example.org/baa/cloud-2025.pdf",
            },
            new Attestation
            {
                Item = "test-dr-plan-approved",
                By = "Sam Ortiz",
                Date = new DateOnly(2024, 1, 10),
                File = "evidence/dr-plan-2024.pdf",
                Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            },
        ],
    };

    public static Inventory Inventory()
    {
        var objects = new List<KubeObject>
        {
            // Namespaces as a live cluster returns them: no file, so SARIF can give only a logical location.
            Obj("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ehr-prod","labels":{"phiguard.io/phi":"true"}}}"""),
            Obj("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"billing","labels":{"phiguard.io/phi":"true"}}}"""),
            Obj("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ehr-api","namespace":"ehr-prod"},
                 "spec":{"template":{"spec":{"containers":[
                   {"name":"api","image":"registry.clinic/ehr-api:4.2","securityContext":{"readOnlyRootFilesystem":true}},
                   {"name":"log-shipper","image":"registry.clinic/fluent-bit:3.0"}]}}}}
                """, "ehr.yaml", 1),
            Obj("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ehr-worker","namespace":"ehr-prod"},
                 "spec":{"template":{"spec":{"containers":[
                   {"name":"worker","image":"registry.clinic/ehr-worker:4.2","securityContext":{"readOnlyRootFilesystem":true}}]}}}}
                """, "ehr.yaml", 31, 1),
            Obj("""
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"billing-db","namespace":"billing"},
                 "spec":{"template":{"spec":{"containers":[{"name":"postgres","image":"postgres:16"}]}}}}
                """, "billing.yaml", 1),
            Obj($$$"""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"{{{ScriptName.Replace("/", "\\/", StringComparison.Ordinal)}}}","namespace":"ehr-prod"},
                 "spec":{"rules":[{"host":"ehr.clinic.example"}]}}
                """, "ingress.yaml", 1),
            Obj("""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"portal","namespace":"ehr-prod"},
                 "spec":{"tls":[{"hosts":["portal.clinic.example"],"secretName":"portal-tls"}],"rules":[{"host":"portal.clinic.example"}]}}
                """, "ingress.yaml", 18, 1),
            Obj($$$"""
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db-credentials","namespace":"ehr-prod"},
                 "type":"Opaque","data":{"password":"{{{SecretBase64}}}"},"stringData":{"plain":"{{{SecretPlain}}}"}}
                """, "secrets.yaml", 1),
            Obj("""
                {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"default-deny","namespace":"ehr-prod"},
                 "spec":{"podSelector":{},"policyTypes":["Ingress"]}}
                """, "netpol.yaml", 1),
        };

        return new Inventory(
            objects,
            [new LoadError(BaseDirectory + "/broken.yaml", 3, 7, "YAML syntax error: mapping values are not allowed in this context")],
            [new ResourceGap("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", "forbidden: user \"ci\" cannot list clusterrolebindings")]);
    }

    /// <summary>Scans the clinic afresh (a new result each call, so determinism tests compare independent runs).</summary>
    public static ScanResult Scan()
    {
        var scanner = new Scanner(Controls, new FakeTimeProvider(Now), Catalog);
        return scanner.Scan(Inventory(), new ScanOptions { Config = Config, Inputs = ["examples/clinic"] });
    }

    public static RenderOptions Options(bool includePassed = false) => new()
    {
        BaseDirectory = BaseDirectory,
        Locator = new FieldDepthLocator(),
        IncludePassed = includePassed,
    };

    private static Safeguard Safeguard(string citation, string title, SafeguardType type, string section, string standard) => new()
    {
        Citation = citation,
        Title = title,
        Type = type,
        Section = section,
        Standard = standard,
        Profiles = ["hipaa"],
    };

    private static KubeObject Obj(string json, string? file = null, int line = 0, int document = 0)
    {
        using var doc = JsonDocument.Parse(json);
        var source = file is null ? null : new SourceLocation($"{BaseDirectory}/{file}", line, 1) { Document = document };
        return KubeObject.Create(doc.RootElement.Clone(), source);
    }
}
