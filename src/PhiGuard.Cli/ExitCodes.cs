namespace PhiGuard.Cli;

/// <summary>The process exit codes every command uses (DESIGN.md "Conventions").</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the --fail-on threshold.</summary>
    public const int Ok = 0;

    /// <summary>Findings at or above the threshold.</summary>
    public const int Findings = 1;

    /// <summary>Usage or input error (bad flag, unreadable or invalid input, invalid config).</summary>
    public const int Usage = 2;

    /// <summary>Runtime error: cluster unreachable, bad credentials, store unavailable.</summary>
    public const int Runtime = 3;
}

/// <summary>A failure the user must fix; carries the exit code and a message without a stack trace.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
