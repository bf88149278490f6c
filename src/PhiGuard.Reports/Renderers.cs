namespace PhiGuard.Reports;

/// <summary>Every output format PhiGuard can write, found by its <c>--format</c> name.</summary>
public static class Renderers
{
    /// <summary>table, json, sarif, junit, markdown, html — in that order.</summary>
    public static IReadOnlyList<IReportRenderer> All { get; } =
    [
        new TableRenderer(),
        new JsonRenderer(),
        new SarifRenderer(),
        new JUnitRenderer(),
        new MarkdownRenderer(),
        new HtmlRenderer(),
    ];

    /// <summary>All format names, for help text and error messages.</summary>
    public static IReadOnlyList<string> Formats { get; } = All.Select(r => r.Format).ToArray();

    /// <summary>The renderer for a format name (case-insensitive; <c>md</c> also names markdown), or null.</summary>
    public static IReportRenderer? Find(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var name = format.Trim();
        if (string.Equals(name, "md", StringComparison.OrdinalIgnoreCase))
        {
            name = "markdown";
        }

        return All.FirstOrDefault(r => string.Equals(r.Format, name, StringComparison.OrdinalIgnoreCase));
    }
}
