using System.CommandLine;
using PhiGuard.AuditTrail.Detections;

namespace PhiGuard.Cli.Commands;

/// <summary>The options detections need (<c>--phi-namespace</c>, <c>--break-glass</c>, <c>--rules</c>), shared by audit serve and audit review.</summary>
internal sealed class DetectionOptionSet
{
    private readonly Option<string[]> _phi = new("--phi-namespace") { Description = "A namespace holding PHI; repeatable.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _breakGlass = new("--break-glass") { Description = "A break-glass username whose every use alerts; repeatable.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _rules = new("--rules") { Description = "Detection rules file (JSON, same shape as the built-in rules) replacing the built-in rules." };

    public void AddTo(Command command)
    {
        command.Options.Add(_phi);
        command.Options.Add(_breakGlass);
        command.Options.Add(_rules);
    }

    public (DetectionOptions Options, IReadOnlyList<DetectionRule> Rules) Resolve(ParseResult parse)
    {
        var options = new DetectionOptions
        {
            PhiNamespaces = new HashSet<string>(parse.GetValue(_phi) ?? [], StringComparer.Ordinal),
            BreakGlassUsers = new HashSet<string>(parse.GetValue(_breakGlass) ?? [], StringComparer.Ordinal),
        };
        IReadOnlyList<DetectionRule> rules;
        try
        {
            rules = parse.GetValue(_rules) is { } file ? RuleSet.Parse(File.ReadAllText(file), file) : RuleSet.BuiltIn();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, ex.Message);
        }

        return (options, rules);
    }
}
