namespace PhiGuard.Reports.Tests;

public sealed class MarkdownRendererTests
{
    private static string Markdown() => Render.Format("markdown", Scenario.Scan(), Scenario.Options());

    [Fact]
    public void Has_a_table_per_safeguard_section_and_the_items_that_need_action()
    {
        var md = Markdown();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "scan.md"), md);
        Assert.StartsWith("# PhiGuard HIPAA report\n", md, StringComparison.Ordinal);
        foreach (var heading in new[]
                 {
                     "### Administrative safeguards (§164.308)", "### Technical safeguards (§164.312)",
                     "## Failing and not assessable controls", "### `test-readonly-root`", "## Waived findings",
                     "## Manual items", "## Waivers", "## Inputs not read",
                 })
        {
            Assert.Contains("\n" + heading, md, StringComparison.Ordinal);
        }

        Assert.Contains("| 164.312(e)(2)(ii) | Encryption | addressable | ❌ fail | `test-ingress-tls` ❌ fail |", md, StringComparison.Ordinal);
        Assert.Contains("**Remediation:** Add spec.tls", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_names_cannot_inject_html_or_break_tables()
    {
        var md = Markdown();
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", md, StringComparison.Ordinal);
        // Every table row has the same number of unescaped cell separators as its header.
        foreach (var block in md.Split("\n\n").Where(b => b.StartsWith('|')))
        {
            var rows = block.Split('\n');
            var cells = Cells(rows[0]);
            Assert.All(rows, r => Assert.Equal(cells, Cells(r)));
        }
    }

    [Fact]
    public void Inline_escapes_markdown_and_html()
    {
        Assert.Equal("a \\| b \\*c\\* &lt;i&gt;", MarkdownRenderer.Inline("a | b *c* <i>"));
        Assert.Equal("one two", MarkdownRenderer.Inline("one\ntwo"));
    }

    private static int Cells(string row) => row.Replace("\\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|');
}
