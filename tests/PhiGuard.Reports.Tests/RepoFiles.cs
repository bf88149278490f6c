namespace PhiGuard.Reports.Tests;

/// <summary>Finds checked-in files by walking up from the test binaries to the folder holding PhiGuard.slnx.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PhiGuard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PhiGuard.slnx not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string TestProject => Path.Combine(Root, "tests", "PhiGuard.Reports.Tests");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
