using System.CommandLine;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Live;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard rbac who-can|can|paths</c>: questions answered from the RBAC permission model of manifests, snapshots
/// or a live cluster, exactly as the Kubernetes authorizer would decide them.
/// </summary>
internal static class RbacCommand
{
    private static readonly string[] Formats = ["table", "json"];

    public static Command Create()
    {
        var command = new Command("rbac", "Who can do what: effective RBAC permissions, who-can queries, escalation paths.");
        command.Subcommands.Add(WhoCan());
        command.Subcommands.Add(Can());
        command.Subcommands.Add(Paths());
        return command;
    }

    private static Command WhoCan()
    {
        var verb = new Argument<string>("VERB") { Description = "The verb: get, list, create, delete, impersonate, …" };
        var resource = new Argument<string>("RESOURCE")
        {
            Description = "RESOURCE[.GROUP][/SUBRESOURCE] (secrets, pods/exec, deployments.apps), or a non-resource URL (/healthz).",
        };
        var rest = new Argument<string[]>("NAME|PATH")
        {
            Description = "An optional object NAME (when it is not an existing file or folder), then manifest files or folders. None: the current kube context.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var input = new InputOptions();
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace of the request (default: a cluster-scoped request, granted only by ClusterRoleBindings)." };
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "Count RoleBindings of every namespace." };
        var format = FormatOption();
        var command = new Command("who-can", "List the subjects that may make a request, each with the bindings and roles that allow it.");
        command.Arguments.Add(verb);
        command.Arguments.Add(resource);
        command.Arguments.Add(rest);
        command.Options.Add(ns);
        command.Options.Add(all);
        command.Options.Add(format);
        input.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(rest) ?? [];
            string? name = null;
            if (args.Length > 0 && args[0] != "-" && !File.Exists(args[0]) && !Directory.Exists(args[0]))
            {
                name = args[0];
                args = args[1..];
            }

            var allNs = parse.GetValue(all);
            var nsValue = parse.GetValue(ns);
            if (allNs && nsValue is not null)
            {
                throw new CliException(ExitCodes.Usage, "give either --namespace or --all-namespaces, not both");
            }

            var request = AccessRequest.Parse(parse.GetValue(verb)!, parse.GetValue(resource)!, name, nsValue);
            if (!request.IsResourceRequest && (nsValue is not null || name is not null))
            {
                throw new CliException(ExitCodes.Usage, $"{request.Path} is a non-resource URL: it has no namespace or name");
            }

            var model = await LoadModelAsync(args, input, parse, ct).ConfigureAwait(false);
            var who = model.WhoCan(request, allNs);
            var unresolved = model.UnresolvedBuiltInBindings.Where(b => allNs || b.GrantsIn(request.Namespace)).ToList();
            var scope = !request.IsResourceRequest ? "cluster (non-resource URL)"
                : allNs ? "any namespace"
                : request.Namespace is null ? "cluster scope" : $"namespace {request.Namespace}";
            if (parse.GetValue(format) == "json")
            {
                RbacJson.WhoCan(Console.Out, request, allNs, who, unresolved, model.DanglingBindings);
            }
            else
            {
                RbacText.WhoCan(Console.Out, request, scope, who);
            }

            Warn(model, unresolved);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Can()
    {
        var subject = new Argument<string>("SUBJECT") { Description = "sa:NAMESPACE:NAME, user:NAME or group:NAME." };
        var paths = PathsArgument();
        var input = new InputOptions();
        var groups = new Option<string[]>("--group") { Description = "Groups the user also belongs to (repeatable); implicit groups are added by themselves." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only rules that apply in this namespace." };
        var format = FormatOption();
        var command = new Command("can", "List a subject's effective rules per namespace, like 'kubectl auth can-i --list'.");
        command.Arguments.Add(subject);
        command.Arguments.Add(paths);
        command.Options.Add(groups);
        command.Options.Add(ns);
        command.Options.Add(format);
        input.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var s = RbacSubject.TryParse(parse.GetValue(subject)!, out var error) ?? throw new CliException(ExitCodes.Usage, error!);
            var identity = RbacIdentity.For(s, parse.GetValue(groups) ?? []);
            var model = await LoadModelAsync(parse.GetValue(paths) ?? [], input, parse, ct).ConfigureAwait(false);
            var nsValue = parse.GetValue(ns);
            var grants = model.GrantsOf(identity).Where(g => nsValue is null || g.Binding.GrantsIn(nsValue)).ToList();
            var unresolved = model.UnresolvedBuiltInBindings
                .Where(b => b.Subjects.Any(x => x is not null && identity.IsCoveredBy(x)) && (nsValue is null || b.GrantsIn(nsValue)))
                .ToList();
            if (parse.GetValue(format) == "json")
            {
                RbacJson.Can(Console.Out, s, identity, grants, unresolved);
            }
            else
            {
                RbacText.Can(Console.Out, s, identity, grants);
            }

            Warn(model, unresolved);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Paths()
    {
        var paths = PathsArgument();
        var input = new InputOptions();
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only paths that reach this namespace (its RoleBindings and every ClusterRoleBinding)." };
        var format = FormatOption();
        var command = new Command("paths",
            "List privilege-escalation paths: who can run pods, escalate or bind roles, impersonate, mint tokens, approve CSRs, proxy to nodes, relabel namespaces or write webhooks.");
        command.Arguments.Add(paths);
        command.Options.Add(ns);
        command.Options.Add(format);
        input.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var model = await LoadModelAsync(parse.GetValue(paths) ?? [], input, parse, ct).ConfigureAwait(false);
            var nsValue = parse.GetValue(ns);
            var found = EscalationAnalysis.Paths(model).Where(p => nsValue is null || p.Grant.Binding.GrantsIn(nsValue)).ToList();
            if (parse.GetValue(format) == "json")
            {
                RbacJson.Paths(Console.Out, found);
            }
            else
            {
                RbacText.Paths(Console.Out, found);
            }

            Warn(model, model.UnresolvedBuiltInBindings.ToList());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string[]> PathsArgument() => new("PATH")
    {
        Description = "Manifest files or folders (YAML/JSON, kubectl dumps, snapshots; '-' for stdin). None: the current kube context.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        return format;
    }

    private static void Warn(PermissionModel model, IReadOnlyList<RbacBinding> unresolved)
    {
        foreach (var b in model.DanglingBindings)
        {
            Terminal.Warn($"{b} refers to {b.RoleDisplay}, which does not exist: it grants nothing");
        }

        foreach (var b in unresolved)
        {
            Terminal.Warn($"{b} refers to the default {b.RoleDisplay}, whose rules are not in the input: its grants are not counted (scan a live cluster or a snapshot to include them)");
        }
    }

    private static async Task<PermissionModel> LoadModelAsync(string[] paths, InputOptions input, ParseResult parse, CancellationToken ct)
    {
        Inventory inventory;
        if (paths.Length > 0)
        {
            var loaded = new ManifestLoader().Load(paths, Console.In, ct);
            if (loaded.Errors.Count > 0)
            {
                throw new CliException(ExitCodes.Usage, string.Join("\n", loaded.Errors.Select(e => e.ToString())));
            }

            inventory = loaded.ToInventory();
        }
        else
        {
            var options = input.ToLoadOptions(parse);
            if (options.KubeconfigPath is null && parse.GetValue(input.Context) is null && !ClusterOptions.ClusterConfigured(null))
            {
                throw new CliException(ExitCodes.Usage,
                    "nothing to read: give manifest files or folders, or a cluster (--kubeconfig, $KUBECONFIG or ~/.kube/config)");
            }

            try
            {
                inventory = (await LiveProgress.LoadAsync(options, ct).ConfigureAwait(false)).Inventory;
            }
            catch (ClusterAccessException ex)
            {
                throw new CliException(ex.Failure == ClusterAccessFailure.Configuration ? ExitCodes.Usage : ExitCodes.Runtime, ex.Message);
            }
        }

        foreach (var kind in new[] { "ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role" })
        {
            if (inventory.GapFor(PermissionModel.RbacGroup, kind) is { } gap)
            {
                throw new CliException(ExitCodes.Runtime, $"could not read {kind}s ({gap.Reason}): the answer would be incomplete");
            }
        }

        return PermissionModel.Build(inventory);
    }
}
