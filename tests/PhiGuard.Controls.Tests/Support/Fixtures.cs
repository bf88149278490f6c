using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.Support;

/// <summary>
/// Finds control folders and their fixtures by themselves, in the folder the Controls assembly was loaded from
/// (the csproj copies <c>pass.*.yaml</c> and <c>fail.*.yaml</c> there, keeping the <c>Area/ControlName</c> layout).
/// </summary>
internal static class Fixtures
{
    public static string Root { get; } = Path.GetDirectoryName(BuiltInControls.Assembly.Location)!;

    /// <summary>Every fixture, as a path relative to <see cref="Root"/> with forward slashes, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = Directory
        .EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f).StartsWith("pass.", StringComparison.Ordinal) ||
                    Path.GetFileName(f).StartsWith("fail.", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The control whose folder (<c>Area/ClassName</c>) holds the fixture, or null when none does.</summary>
    public static Control? ControlFor(string relativePath)
    {
        var folder = Path.GetDirectoryName(relativePath)!.Replace('\\', '/');
        return BuiltInControls.All.SingleOrDefault(c => BuiltInControls.FolderOf(c) == folder);
    }

    /// <summary>The fixture file names of one control, sorted.</summary>
    public static IReadOnlyList<string> For(Control control)
    {
        var folder = BuiltInControls.FolderOf(control);
        return All.Where(f => Path.GetDirectoryName(f)!.Replace('\\', '/') == folder)
            .Select(Path.GetFileName)
            .ToArray()!;
    }
}
