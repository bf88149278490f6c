using System.CommandLine;
using PhiGuard.Controls;
using PhiGuard.Core.Engine;

namespace PhiGuard.Cli.Commands;

/// <summary><c>phiguard version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print PhiGuard's version and what it checks.");
        command.SetAction(parse =>
        {
            var controls = BuiltInControls.All;
            parse.InvocationConfiguration.Output.WriteLine($"phiguard {Scanner.ToolVersion}");
            parse.InvocationConfiguration.Output.WriteLine(
                $"controls: {controls.Count} ({controls.Count(c => c.Shape != ControlShape.Manual)} automated, {controls.Count(c => c.Shape == ControlShape.Manual)} manual)");
            parse.InvocationConfiguration.Output.WriteLine($"result schema: {ScanResult.SchemaVersion}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
