using System.Text.Json.Nodes;
using PhiGuard.Admission.Tests.Support;
using PhiGuard.Controls;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Sources.Config;

namespace PhiGuard.Admission.Tests;

public sealed class AdmissionEngineTests
{
    private static readonly Control[] AllControls = [.. BuiltInControls.All, new TestNoLatestTag(), new TestClusterAlwaysFails()];

    // Decisions are tested with a few named controls, so the expected findings do not shift as controls are added.
    private static readonly Control[] DecisionControls = [.. TestControlSet.Named, new TestNoLatestTag(), new TestClusterAlwaysFails()];

    private static AdmissionRoute Enforce(bool phi = true) => new(AdmissionMode.Enforce, Severity.Low, phi);

    private static async Task<AdmissionDecision> Decide(JsonObject review, AdmissionRoute route, PhiGuardConfig? config = null)
    {
        var engine = new AdmissionEngine(config ?? PhiGuardConfig.Default, DecisionControls);
        var request = Reviews.Parse(review, out var doc);
        using (doc)
        {
            return await engine.DecideAsync(request, route);
        }
    }

    [Fact]
    public void Runs_exactly_the_workload_and_resource_controls()
    {
        var engine = new AdmissionEngine(PhiGuardConfig.Default, AllControls);
        Assert.Contains(engine.Controls, c => c.Id == "readonly-root-filesystem");
        Assert.Contains(engine.Controls, c => c.Id == "ingress-tls-all-hosts");
        Assert.Contains(engine.Controls, c => c.Id == "psa-restricted-enforced");
        Assert.Contains(engine.Controls, c => c.Id == "test-no-latest-tag");
        Assert.DoesNotContain(engine.Controls, c => c.Id == "test-cluster-always-fails");
        Assert.All(engine.Controls, c => Assert.True(c.Shape is ControlShape.Workload or ControlShape.Resource, c.Id));
        Assert.Equal(
            AllControls.Count(c => c is WorkloadControl or ResourceControl),
            engine.Controls.Count);
    }

    [Fact]
    public async Task Violating_deployment_in_enforce_phi_namespace_is_denied_naming_control_object_and_field()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic")), Enforce());
        Assert.False(d.Allowed);
        Assert.Equal(403, d.Code);
        Assert.Equal("deny", d.Outcome);
        Assert.Contains("readonly-root-filesystem", d.Message, StringComparison.Ordinal);
        Assert.Contains("Deployment/clinic/api", d.Message, StringComparison.Ordinal);
        Assert.Contains("spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem", d.Message, StringComparison.Ordinal);
        Assert.Equal("deny", d.AuditAnnotations["decision"]);
        Assert.Equal("readonly-root-filesystem", d.AuditAnnotations["controls"]);
    }

    [Fact]
    public async Task Same_object_in_warn_namespace_is_allowed_with_short_warnings()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic")), new AdmissionRoute(AdmissionMode.Warn, Severity.Low, true));
        Assert.True(d.Allowed);
        Assert.Null(d.Code);
        var warning = Assert.Single(d.Warnings);
        Assert.True(warning.Length <= AdmissionEngine.MaxWarningLength, warning);
        Assert.StartsWith("spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: ", warning, StringComparison.Ordinal);
        Assert.EndsWith("(readonly-root-filesystem)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_mode_allows_and_records_the_controls_in_audit_annotations()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic")), new AdmissionRoute(AdmissionMode.Audit, Severity.Low, true));
        Assert.True(d.Allowed);
        Assert.Empty(d.Warnings);
        Assert.Equal("audit", d.AuditAnnotations["decision"]);
        Assert.Equal("readonly-root-filesystem", d.AuditAnnotations["controls"]);
        Assert.Equal("1", d.AuditAnnotations["violations"]);
    }

    [Fact]
    public async Task Compliant_deployment_is_allowed_without_warnings()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic", readOnlyRoot: true)), Enforce());
        Assert.True(d.Allowed);
        Assert.Empty(d.Warnings);
        Assert.Equal("allow", d.AuditAnnotations["decision"]);
    }

    [Fact]
    public async Task Phi_scoped_controls_do_not_judge_objects_outside_phi_namespaces()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("tools")), Enforce(phi: false));
        Assert.True(d.Allowed);
        Assert.Empty(d.Violations);
    }

    [Fact]
    public async Task Phi_scope_also_comes_from_config()
    {
        var config = new PhiGuardConfig { PhiNamespaces = ["clinic-*"] };
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic-east")), Enforce(phi: false), config);
        Assert.False(d.Allowed);
    }

    [Fact]
    public async Task Test_only_workload_control_is_picked_up_in_every_namespace()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("tools", readOnlyRoot: true, image: "nginx:latest")), Enforce(phi: false));
        Assert.False(d.Allowed);
        Assert.Contains("test-no-latest-tag", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("test-cluster-always-fails", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minimum_severity_filters_lower_findings()
    {
        // readonly-root-filesystem is medium.
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic")), new AdmissionRoute(AdmissionMode.Enforce, Severity.High, true));
        Assert.True(d.Allowed);
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public async Task Resource_control_denies_an_ingress_without_tls()
    {
        var ingress = new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new JsonObject { ["name"] = "portal", ["namespace"] = "clinic" },
            ["spec"] = new JsonObject
            {
                ["rules"] = new JsonArray(new JsonObject { ["host"] = "portal.clinic.example" }),
            },
        };
        var d = await Decide(Reviews.Review(ingress), Enforce());
        Assert.False(d.Allowed);
        Assert.Contains("ingress-tls-all-hosts", d.Message, StringComparison.Ordinal);
        Assert.Contains("spec.rules[0].host", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespace_without_restricted_psa_is_judged_by_its_own_labels()
    {
        var ns = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = "clinic", ["labels"] = new JsonObject { ["phiguard.io/phi"] = "true" } },
        };
        var d = await Decide(Reviews.Review(ns), Enforce(phi: false));
        Assert.False(d.Allowed);
        Assert.Contains("psa-restricted-enforced", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waivers_apply_as_in_scans()
    {
        var config = ConfigLoader.Parse("phiguard.yaml", """
            waivers:
              - control: readonly-root-filesystem
                selector: {kind: Deployment, namespace: clinic, name: api}
                justification: vendor image writes to /var/cache
                approvedBy: security-officer
                expires: 2999-01-01
            """);
        Assert.True(config.IsValid, string.Join("; ", config.Errors));
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic")), Enforce(), config.Config);
        Assert.True(d.Allowed);
        Assert.Equal("1", d.AuditAnnotations["waived"]);

        var other = await Decide(Reviews.Review(Reviews.Deployment("clinic", name: "billing")), Enforce(), config.Config);
        Assert.False(other.Allowed);
    }

    [Fact]
    public async Task Expired_waiver_does_not_cover()
    {
        var config = ConfigLoader.Parse("phiguard.yaml", """
            waivers:
              - control: readonly-root-filesystem
                selector: {namespace: clinic}
                justification: old exception
                approvedBy: security-officer
                expires: 2020-01-01
            """).Config;
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic")), Enforce(), config);
        Assert.False(d.Allowed);
    }

    [Fact]
    public async Task Update_that_adds_no_violation_is_allowed_and_one_that_adds_is_denied()
    {
        var bad = Reviews.Deployment("clinic");
        var good = Reviews.Deployment("clinic", readOnlyRoot: true);

        var fix = await Decide(Reviews.Review(good, "UPDATE", old: bad), Enforce());
        Assert.True(fix.Allowed);

        // Scaling a deployment that already violates: no new violation, allowed with the warning kept.
        var scaled = bad.DeepClone().AsObject();
        scaled["spec"]!["replicas"] = 3;
        var scale = await Decide(Reviews.Review(scaled, "UPDATE", old: bad), Enforce());
        Assert.True(scale.Allowed);
        Assert.NotEmpty(scale.Warnings);
        Assert.Equal("allow-existing-violations", scale.AuditAnnotations["decision"]);

        var regress = await Decide(Reviews.Review(bad, "UPDATE", old: good), Enforce());
        Assert.False(regress.Allowed);
    }

    [Fact]
    public async Task Delete_is_allowed_without_judging()
    {
        var d = await Decide(Reviews.Review(Reviews.Deployment("clinic"), "DELETE"), Enforce());
        Assert.True(d.Allowed);
    }

    [Fact]
    public async Task Object_without_namespace_takes_the_request_namespace()
    {
        var obj = Reviews.Deployment("clinic");
        var review = Reviews.Review(obj);
        review["request"]!["object"]!["metadata"]!.AsObject().Remove("namespace");
        var d = await Decide(review, Enforce());
        Assert.False(d.Allowed);
        Assert.Contains("Deployment/clinic/api", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generated_name_pod_is_judged()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["generateName"] = "api-7d9f-", ["namespace"] = "clinic" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "x/y:1" }) },
        };
        var d = await Decide(Reviews.Review(pod), Enforce());
        Assert.False(d.Allowed);
        Assert.Contains("spec.containers[0].securityContext.readOnlyRootFilesystem", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_warnings_are_shortened_but_keep_control_and_path_tail()
    {
        var f = new Finding
        {
            Control = "readonly-root-filesystem",
            Severity = Severity.Medium,
            Status = Status.Fail,
            Path = "spec.jobTemplate.spec.template.spec.initContainers[12].securityContext.readOnlyRootFilesystem",
            Message = new string('x', 300),
        };
        var w = AdmissionEngine.Warning(f);
        Assert.True(w.Length <= AdmissionEngine.MaxWarningLength, $"{w.Length}: {w}");
        Assert.EndsWith("(readonly-root-filesystem)", w, StringComparison.Ordinal);
        Assert.Contains("readOnlyRootFilesystem: ", w, StringComparison.Ordinal);
    }
}
