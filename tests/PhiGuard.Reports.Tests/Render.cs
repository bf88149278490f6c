using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Tests;

/// <summary>Renders a result in a named format to a string through the public API.</summary>
internal static class Render
{
    public static string Format(string format, ScanResult result, RenderOptions options)
    {
        var renderer = Renderers.Find(format) ?? throw new ArgumentException($"no renderer {format}", nameof(format));
        using var writer = new StringWriter { NewLine = "\n" };
        renderer.Render(result, options, writer);
        return writer.ToString();
    }
}
