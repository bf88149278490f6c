using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>
/// An <c>audit.k8s.io/v1</c> Policy evaluated as the API server evaluates it: the first rule that matches a request
/// decides its level; no matching rule means None; omitted stages are the policy's plus the deciding rule's.
/// </summary>
public sealed class AuditPolicy
{
    /// <summary>The stages an audit event can be written at.</summary>
    public static readonly IReadOnlyList<string> Stages = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];

    private AuditPolicy(IReadOnlyList<AuditRule> rules, IReadOnlyList<string> omitStages)
    {
        Rules = rules;
        OmitStages = omitStages;
    }

    public IReadOnlyList<AuditRule> Rules { get; }

    /// <summary>Stages omitted for every rule.</summary>
    public IReadOnlyList<string> OmitStages { get; }

    /// <summary>
    /// Reads a Policy from its JSON form; returns null with the reason (naming the field) when it is not a valid
    /// policy: an unknown level or stage, or a rule without a level.
    /// </summary>
    public static AuditPolicy? TryParse(JsonElement json, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "an audit Policy must be a mapping";
            return null;
        }

        var apiVersion = json.GetString("apiVersion");
        if (json.GetString("kind") != "Policy" || apiVersion is not ("audit.k8s.io/v1" or "audit.k8s.io/v1beta1"))
        {
            error = $"expected kind Policy, apiVersion audit.k8s.io/v1; found kind {json.GetString("kind") ?? "(none)"}, apiVersion {apiVersion ?? "(none)"}";
            return null;
        }

        var omit = Strings(json, "omitStages");
        if (omit.FirstOrDefault(s => !Stages.Contains(s, StringComparer.Ordinal)) is { } badStage)
        {
            error = $"omitStages: unknown stage '{badStage}' (expected one of {string.Join(", ", Stages)})";
            return null;
        }

        var rules = new List<AuditRule>();
        var i = 0;
        foreach (var r in json.GetArray("rules"))
        {
            var levelText = r.GetString("level");
            if (!Enum.TryParse<AuditLevel>(levelText, ignoreCase: false, out var level) || !Enum.IsDefined(level) || int.TryParse(levelText, out _))
            {
                error = $"rules[{i}].level: '{levelText ?? "(missing)"}' is not one of None, Metadata, Request, RequestResponse";
                return null;
            }

            var ruleOmit = Strings(r, "omitStages");
            if (ruleOmit.FirstOrDefault(s => !Stages.Contains(s, StringComparer.Ordinal)) is { } badRuleStage)
            {
                error = $"rules[{i}].omitStages: unknown stage '{badRuleStage}'";
                return null;
            }

            rules.Add(new AuditRule
            {
                Index = i,
                Level = level,
                Users = Strings(r, "users"),
                UserGroups = Strings(r, "userGroups"),
                Verbs = Strings(r, "verbs"),
                Namespaces = Strings(r, "namespaces"),
                NonResourceUrls = Strings(r, "nonResourceURLs"),
                OmitStages = ruleOmit,
                Resources = r.GetArray("resources")
                    .Select(g => new AuditGroupResources(g.GetString("group") ?? string.Empty, Strings(g, "resources"), Strings(g, "resourceNames")))
                    .ToArray(),
            });
            i++;
        }

        return new AuditPolicy(rules, omit);
    }

    /// <summary>The level for a request: the first matching rule decides.</summary>
    public AuditDecision Evaluate(AuditRequest request)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(request))
            {
                return new AuditDecision(rule.Level, rule, OmitStages.Union(rule.OmitStages, StringComparer.Ordinal).ToArray());
            }
        }

        return new AuditDecision(AuditLevel.None, null, OmitStages);
    }

    private static string[] Strings(JsonElement e, string property) =>
        e.GetArray(property).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
}
