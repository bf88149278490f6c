using PhiGuard.Core.Engine;

namespace PhiGuard.Reports;

/// <summary>One output format: a pure function of a <see cref="ScanResult"/> and <see cref="RenderOptions"/>.</summary>
public interface IReportRenderer
{
    /// <summary>The name users pass to <c>--format</c> (<c>table</c>, <c>json</c>, <c>sarif</c>, …).</summary>
    string Format { get; }

    /// <summary>The file extension, with its dot, used when the output is a folder (<c>.sarif</c>).</summary>
    string FileExtension { get; }

    void Render(ScanResult result, RenderOptions options, TextWriter output);
}
