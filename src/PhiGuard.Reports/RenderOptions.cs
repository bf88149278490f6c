using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports;

/// <summary>
/// How a report is rendered: colour and width for the terminal table, a field locator for precise SARIF/HTML
/// positions, whether passes and a timestamp are included, and the folder SARIF URIs are made relative to.
/// </summary>
public sealed record RenderOptions
{
    public static RenderOptions Default { get; } = new();

    /// <summary>ANSI colour in the terminal table; the CLI sets it only on a terminal and never with <c>NO_COLOR</c>.</summary>
    public bool Color { get; init; }

    /// <summary>Columns available to the terminal table (at least 40).</summary>
    public int Width { get; init; } = 120;

    /// <summary>Finds the line of a field path inside its document; when null, findings point at the object.</summary>
    public IFieldLocator? Locator { get; init; }

    /// <summary>List passed findings too (JSON, Markdown, HTML, table); summary counts always include them.</summary>
    public bool IncludePassed { get; init; }

    /// <summary>Print the scan time; off by default so identical input gives identical bytes.</summary>
    public bool IncludeTimestamp { get; init; }

    /// <summary>SARIF artifact URIs of files under this folder are written relative to it, with forward slashes.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The PHI data-flow map the HTML report embeds as SVG; null leaves the section out.</summary>
    public PhiFlowMap? DataFlowMap { get; init; }
}
