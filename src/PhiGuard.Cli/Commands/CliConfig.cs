using PhiGuard.Core.Config;
using PhiGuard.Sources.Config;

namespace PhiGuard.Cli.Commands;

/// <summary>How commands other than <c>scan</c> find and load phiguard.yaml.</summary>
internal static class CliConfig
{
    /// <summary>
    /// The given phiguard.yaml, else ./phiguard.yaml, else the one in the single folder given as input; the default
    /// config when there is none. A missing or invalid file is a usage error naming file and line.
    /// </summary>
    public static PhiGuardConfig Load(string? path, IReadOnlyList<string> paths)
    {
        path ??= ConfigLoader.Find(Directory.GetCurrentDirectory()) ??
                 (paths.Count == 1 && Directory.Exists(paths[0]) ? ConfigLoader.Find(paths[0]) : null);
        if (path is null)
        {
            return PhiGuardConfig.Default;
        }

        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"{path}: config file not found");
        }

        var loaded = ConfigLoader.Load(path);
        return loaded.Errors.Count == 0
            ? loaded.Config
            : throw new CliException(ExitCodes.Usage, "invalid config:\n  " + string.Join("\n  ", loaded.Errors.Select(e => e.ToString())));
    }
}
