namespace PhiGuard.Reports.Docs;

/// <summary>Markdown text helpers shared by the generated documents.</summary>
internal static class Markdown
{
    /// <summary>Text safe inside a table cell: pipes escaped, line breaks folded.</summary>
    public static string Cell(string text) =>
        text.Replace("\r", string.Empty, StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal);

    public static string Code(string text) => $"`{text}`";

    public static string List(IEnumerable<string> items, string empty = "—")
    {
        var joined = string.Join(", ", items);
        return joined.Length == 0 ? empty : joined;
    }
}
