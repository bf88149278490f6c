using System.CommandLine;
using System.Text;
using System.Text.Json;
using PhiGuard.Core.Analysis.AuditPolicy;
using PhiGuard.Sources.Node;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard audit-policy explain|recommend</c>: which level an audit Policy gives one request and which rule
/// decides it (first match wins, as in the API server), and a policy that passes PhiGuard's audit-policy controls.
/// </summary>
internal static class AuditPolicyCommand
{
    public static Command Create()
    {
        var command = new Command("audit-policy", "Simulate and write API server audit policies.");
        command.Subcommands.Add(Explain());
        command.Subcommands.Add(Recommend());
        return command;
    }

    private static Command Explain()
    {
        var file = new Argument<string>("FILE") { Description = "An audit.k8s.io/v1 Policy file (YAML or JSON)." };
        var verb = new Option<string>("--verb") { Description = "Request verb: get, list, watch, create, update, patch, delete, deletecollection, impersonate, …", Required = true };
        var resource = new Option<string?>("--resource") { Description = "resource[.apigroup][/subresource], e.g. secrets, deployments.apps, pods/exec." };
        var path = new Option<string?>("--path") { Description = "URL path of a non-resource request, e.g. /healthz (instead of --resource)." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace of the request (absent: cluster-scoped)." };
        var name = new Option<string?>("--name") { Description = "Name of the object (for resourceNames)." };
        var user = new Option<string?>("--user") { Description = "User name; absent: a request whose authentication failed (no user)." };
        var groups = new Option<string[]>("--user-group") { Description = "A group of the user (repeatable)." };
        var format = new Option<string>("--format", "-f") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var explain = new Command("explain", "Print the audit level one request gets and the rule that decides it.");
        explain.Arguments.Add(file);
        foreach (var o in new Option[] { verb, resource, path, ns, name, user, groups, format })
        {
            explain.Options.Add(o);
        }

        explain.SetAction(parse =>
        {
            var policyFile = parse.GetValue(file)!;
            var policy = LoadPolicy(policyFile);
            var resourceText = parse.GetValue(resource);
            var pathText = parse.GetValue(path);
            if ((resourceText is null) == (pathText is null))
            {
                throw new CliException(ExitCodes.Usage, "give exactly one of --resource (a resource request) or --path (a non-resource request)");
            }

            var request = new AuditRequest
            {
                User = parse.GetValue(user),
                Groups = parse.GetValue(groups) ?? [],
                Verb = parse.GetValue(verb)!,
                Namespace = parse.GetValue(ns) ?? string.Empty,
                Name = parse.GetValue(name) ?? string.Empty,
                Path = pathText,
            };
            if (resourceText is not null)
            {
                var (res, group, sub) = AuditRequest.ParseResource(resourceText);
                if (res.Length == 0)
                {
                    throw new CliException(ExitCodes.Usage, $"--resource '{resourceText}': expected resource[.apigroup][/subresource]");
                }

                request = request with { Resource = res, ApiGroup = group, Subresource = sub };
            }

            var decision = policy.Evaluate(request);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                WriteJson(output, request, decision);
            }
            else
            {
                output.WriteLine($"level: {decision.Level}");
                output.WriteLine(decision.Rule is { } r ? $"rule: {r.Index} (rules[{r.Index}], the first rule that matches)" : "rule: none matches, so the request is not recorded");
                output.WriteLine($"omitted stages: {(decision.OmitStages.Count == 0 ? "none" : string.Join(", ", decision.OmitStages))}");
                output.WriteLine($"request: {request}");
            }

            return ExitCodes.Ok;
        });
        return explain;
    }

    private static Command Recommend()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the policy to this file (default: stdout)." };
        var recommend = new Command("recommend", "Write an audit policy that passes the audit-policy-* controls.");
        recommend.Options.Add(output);
        recommend.SetAction(parse =>
        {
            var path = parse.GetValue(output);
            if (path is null)
            {
                parse.InvocationConfiguration.Output.Write(RecommendedPolicy.Yaml);
            }
            else
            {
                File.WriteAllText(path, RecommendedPolicy.Yaml, new UTF8Encoding(false));
                Terminal.Info($"phiguard: wrote {path}");
            }

            return ExitCodes.Ok;
        });
        return recommend;
    }

    private static AuditPolicy LoadPolicy(string file)
    {
        if (ConfigDocument.Read(file, out var error) is not { } json)
        {
            throw new CliException(ExitCodes.Usage, error?.ToString() ?? $"{file}: cannot read");
        }

        return AuditPolicy.TryParse(json, out var why) ?? throw new CliException(ExitCodes.Usage, $"{file}: {why}");
    }

    private static void WriteJson(TextWriter output, AuditRequest request, AuditDecision decision)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("level", decision.Level.ToString());
            if (decision.Rule is { } r)
            {
                w.WriteNumber("rule", r.Index);
            }
            else
            {
                w.WriteNull("rule");
            }

            w.WriteStartArray("omitStages");
            foreach (var s in decision.OmitStages)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteString("request", request.ToString());
            w.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
