namespace PhiGuard.Controls.Tests.Support;

/// <summary>The repository checkout the tests run from (the folder holding PhiGuard.slnx).</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PhiGuard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no PhiGuard.slnx above {AppContext.BaseDirectory}");
    }
}
