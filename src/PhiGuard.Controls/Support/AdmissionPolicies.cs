using System.Text.Json;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// Reads the admission policies of the inventory that enforce non-root, read-only root filesystems, approved
/// registries or image signatures: Kyverno validate and verifyImages rules, Gatekeeper constraints,
/// ValidatingAdmissionPolicies through their Bindings, sigstore ClusterImagePolicies and Pod Security Admission
/// <c>enforce: restricted</c> namespace labels.
/// </summary>
internal static class AdmissionPolicies
{
    public const string PsaEnforceLabel = "pod-security.kubernetes.io/enforce";

    private static readonly string[] PodResources =
        ["pods", "*", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs"];

    public static IReadOnlyList<AdmissionPolicy> Of(Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var result = new List<AdmissionPolicy>();
        result.AddRange(Kyverno(inventory));
        result.AddRange(ImageVerifiers.Of(inventory).Where(v => v.VerifiesSignature && v.Weaknesses.Count == 0).Select(v => new AdmissionPolicy
        {
            Engine = v.Policy.Group == "kyverno.io" ? PolicyEngine.Kyverno : PolicyEngine.Sigstore,
            Object = v.Policy,
            Describe = v.Describe,
            Requires = PolicyRequirement.Signatures,
            Covers = (ns, labels) => v.Coverage(ns, labels, "Pod").Covers,
            ModeIn = v.ModeIn,
            Refuses = v.IsEnforcing,
        }));
        result.AddRange(Gatekeeper(inventory));
        result.AddRange(ValidatingAdmissionPolicies(inventory));
        foreach (var ns in inventory.NamespaceObjects.Values)
        {
            if (ns.Labels.TryGetValue(PsaEnforceLabel, out var level) && level == "restricted")
            {
                result.Add(new AdmissionPolicy
                {
                    Engine = PolicyEngine.PodSecurityAdmission,
                    Object = ns,
                    Describe = $"Pod Security Admission enforce=restricted on {ns.Name}",
                    Requires = PolicyRequirement.NonRoot,
                    Covers = (n, _) => n == ns.Name,
                    ModeIn = _ => "enforce",
                    Refuses = _ => true,
                });
            }
        }

        return result;
    }

    private static IEnumerable<AdmissionPolicy> Kyverno(Inventory inventory)
    {
        foreach (var rule in KyvernoRule.All(inventory))
        {
            if (rule.Json.GetObject("validate") is not { } validate)
            {
                continue;
            }

            var requires = PolicyRequirement.None;
            var text = validate.GetRawText();
            if (text.Contains("runAsNonRoot", StringComparison.Ordinal) ||
                validate.GetObject("podSecurity")?.GetString("level") == "restricted")
            {
                requires |= PolicyRequirement.NonRoot;
            }

            if (text.Contains("readOnlyRootFilesystem", StringComparison.Ordinal))
            {
                requires |= PolicyRequirement.ReadOnlyRootFilesystem;
            }

            var names = $"{rule.Policy.Name} {rule.Name} {validate.GetString("message")}";
            if (HasRegistryPattern(validate) || names.Contains("registr", StringComparison.OrdinalIgnoreCase))
            {
                requires |= PolicyRequirement.Registries;
            }

            if (requires == PolicyRequirement.None)
            {
                continue;
            }

            var own = validate.GetString("failureAction");
            yield return new AdmissionPolicy
            {
                Engine = PolicyEngine.Kyverno,
                Object = rule.Policy,
                Describe = rule.Describe,
                Requires = requires,
                Covers = (ns, labels) => rule.Covers(ns, labels, "Pod", out _),
                ModeIn = ns => rule.ActionFor(ns, own),
                Refuses = ns => KyvernoRule.IsEnforce(rule.ActionFor(ns, own)),
            };
        }
    }

    /// <summary>A Kyverno pattern <c>image: "registry.example.com/*"</c> (not a negation such as <c>!*:latest</c>).</summary>
    private static bool HasRegistryPattern(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Any(p =>
            (p.Name is "image" or "=(image)" && p.Value.ValueKind == JsonValueKind.String &&
             p.Value.GetString() is { } v && v.Contains('/', StringComparison.Ordinal) && !v.StartsWith('!')) ||
            HasRegistryPattern(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasRegistryPattern),
        _ => false,
    };

    private static IEnumerable<AdmissionPolicy> Gatekeeper(Inventory inventory)
    {
        foreach (var c in inventory.Objects.Where(o => o.Group == "constraints.gatekeeper.sh"))
        {
            var spec = c.Json.GetObject("spec");
            var requires = c.Kind switch
            {
                "K8sPSPAllowedUsers" when spec?.GetPath("parameters.runAsUser")?.GetString("rule") == "MustRunAsNonRoot" => PolicyRequirement.NonRoot,
                "K8sPSPReadOnlyRootFilesystem" => PolicyRequirement.ReadOnlyRootFilesystem,
                "K8sAllowedRepos" or "K8sAllowedReposv2" => PolicyRequirement.Registries,
                _ => PolicyRequirement.None,
            };
            if (requires == PolicyRequirement.None)
            {
                continue;
            }

            var action = spec?.GetString("enforcementAction") ?? "deny";
            var refuses = action == "deny" ||
                          (action == "scoped" && (spec?.GetArray("scopedEnforcementActions") ?? []).Any(s => s.GetString("action") == "deny"));
            var match = spec?.GetObject("match");
            yield return new AdmissionPolicy
            {
                Engine = PolicyEngine.Gatekeeper,
                Object = c,
                Describe = $"Gatekeeper {c.Kind} {c.Name}",
                Requires = requires,
                Covers = (ns, labels) => GatekeeperCovers(match, ns, labels),
                ModeIn = _ => action,
                Refuses = _ => refuses,
            };
        }
    }

    private static bool GatekeeperCovers(JsonElement? match, string ns, IReadOnlyDictionary<string, string> labels)
    {
        if (match is not { } m)
        {
            return true;
        }

        var kinds = m.GetArray("kinds").ToList();
        if (kinds.Count > 0 && !kinds.Any(k => k.GetArray("kinds").Any(x => StringMap.Text(x) is "Pod" or "*")))
        {
            return false;
        }

        var namespaces = m.GetArray("namespaces").Select(StringMap.Text).OfType<string>().ToList();
        if (namespaces.Count > 0 && !namespaces.Any(n => WaiverSelector.Glob(n, ns)))
        {
            return false;
        }

        if (m.GetArray("excludedNamespaces").Select(StringMap.Text).OfType<string>().Any(n => WaiverSelector.Glob(n, ns)))
        {
            return false;
        }

        return m.GetObject("namespaceSelector") is not { } sel || LabelSelector.Parse(sel).Matches(labels);
    }

    private static IEnumerable<AdmissionPolicy> ValidatingAdmissionPolicies(Inventory inventory)
    {
        var policies = inventory.OfKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicy").ToList();
        foreach (var binding in inventory.OfKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"))
        {
            var spec = binding.Json.GetObject("spec");
            var policy = policies.FirstOrDefault(p => p.Name == spec?.GetString("policyName"));
            if (policy is null)
            {
                continue;
            }

            var requires = PolicyRequirement.None;
            var expressions = string.Join("\n", policy.Json.GetPath("spec")?.GetArray("validations").Select(v => v.GetString("expression")).OfType<string>() ?? []);
            if (expressions.Contains("runAsNonRoot", StringComparison.Ordinal))
            {
                requires |= PolicyRequirement.NonRoot;
            }

            if (expressions.Contains("readOnlyRootFilesystem", StringComparison.Ordinal))
            {
                requires |= PolicyRequirement.ReadOnlyRootFilesystem;
            }

            if (expressions.Contains(".image", StringComparison.Ordinal) &&
                (expressions.Contains("startsWith", StringComparison.Ordinal) || expressions.Contains("matches", StringComparison.Ordinal)))
            {
                requires |= PolicyRequirement.Registries;
            }

            if (requires == PolicyRequirement.None)
            {
                continue;
            }

            var actions = (spec?.GetArray("validationActions") ?? []).Select(StringMap.Text).OfType<string>().ToList();
            var failOpen = policy.Json.GetPath("spec")?.GetString("failurePolicy") == "Ignore";
            var mode = actions.Count == 0 ? "no validationActions" : string.Join(",", actions) + (failOpen ? " (failurePolicy Ignore)" : string.Empty);
            var policySelector = policy.Json.GetPath("spec.matchConstraints");
            var bindingSelector = spec?.GetObject("matchResources");
            yield return new AdmissionPolicy
            {
                Engine = PolicyEngine.ValidatingAdmissionPolicy,
                Object = binding,
                Describe = $"ValidatingAdmissionPolicy {policy.Name} (binding {binding.Name})",
                Requires = requires,
                Covers = (ns, labels) => VapCovers(policySelector, ns, labels, requireResources: true) && VapCovers(bindingSelector, ns, labels, requireResources: false),
                ModeIn = _ => mode,
                Refuses = _ => actions.Contains("Deny") && !failOpen,
            };
        }
    }

    private static bool VapCovers(JsonElement? match, string ns, IReadOnlyDictionary<string, string> labels, bool requireResources)
    {
        if (match is not { ValueKind: JsonValueKind.Object } m)
        {
            return !requireResources;
        }

        var rules = m.GetArray("resourceRules").ToList();
        if ((requireResources || rules.Count > 0) &&
            !rules.Any(r => r.GetArray("resources").Any(x => StringMap.Text(x) is { } s && PodResources.Contains(s, StringComparer.Ordinal))))
        {
            return false;
        }

        if (m.GetArray("excludeResourceRules").Any(r => !r.GetArray("resourceNames").Any() && r.GetArray("resources").Any(x => StringMap.Text(x) is "pods" or "*")))
        {
            return false;
        }

        return m.GetObject("namespaceSelector") is not { } sel || LabelSelector.Parse(sel).Matches(labels);
    }
}
