namespace PhiGuard.Reports.Tests;

/// <summary>
/// Compares output with a checked-in golden file; with <c>PHIGUARD_UPDATE_GOLDEN=1</c> rewrites it instead, so a
/// deliberate format change is one command and a reviewed diff.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(RepoFiles.TestProject, "Golden", name);
        if (Environment.GetEnvironmentVariable("PHIGUARD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests once with PHIGUARD_UPDATE_GOLDEN=1");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = 0;
            while (line < Math.Min(e.Length, a.Length) && e[line] == a[line])
            {
                line++;
            }

            Assert.Fail($"{name} differs from the golden file at line {line + 1}:\n expected: {(line < e.Length ? e[line] : "<end>")}\n actual:   {(line < a.Length ? a[line] : "<end>")}\nRun with PHIGUARD_UPDATE_GOLDEN=1 to accept the change.");
        }
    }
}
