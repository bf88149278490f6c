namespace PhiGuard.Cli;

/// <summary>Decides whether output may use colour and progress: only on a terminal, never with NO_COLOR or TERM=dumb.</summary>
internal static class Terminal
{
    public static bool NoColor =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) ||
        string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    public static bool StdoutColor => !Console.IsOutputRedirected && !NoColor;

    public static bool StderrInteractive => !Console.IsErrorRedirected;

    /// <summary>Writes a line to stderr (progress and logs never go to stdout).</summary>
    public static void Info(string message) => Console.Error.WriteLine(message);

    public static void Warn(string message) => Console.Error.WriteLine($"phiguard: warning: {message}");

    public static void Error(string message) => Console.Error.WriteLine($"phiguard: error: {message}");
}
