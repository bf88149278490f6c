using System.Diagnostics;

namespace PhiGuard.Cli.Tests;

/// <summary>Runs the built phiguard CLI as a separate process, the way a user or CI does.</summary>
internal static class CliRunner
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "phiguard.dll");

    public static CliResult Run(string[] args, string? stdin = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null) =>
        RunExecutable("dotnet", [CliDll, .. args], stdin, workingDirectory, env, timeout);

    public static CliResult RunExecutable(string file, string[] args, string? stdin = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // A clean, predictable environment: no kubeconfig of the developer's, no colour settings leaking in.
        psi.Environment["KUBECONFIG"] = Path.Combine(Path.GetTempPath(), "phiguard-tests-no-kubeconfig");
        psi.Environment["HOME"] = Path.Combine(Path.GetTempPath(), "phiguard-tests-home");
        psi.Environment.Remove("NO_COLOR");
        psi.Environment.Remove("KUBERNETES_SERVICE_HOST");
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                if (v is null)
                {
                    psi.Environment.Remove(k);
                }
                else
                {
                    psi.Environment[k] = v;
                }
            }
        }

        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }

        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(90)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"phiguard {string.Join(' ', args)} did not finish in time");
        }

        return new CliResult(p.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PhiGuard.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (PhiGuard.slnx)");
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
