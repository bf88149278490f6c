using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Tests;

/// <summary>
/// A deterministic stand-in for the YAML field locator: places a field one line below the object per path
/// segment, indented two columns per level, so tests can see that renderers use the field's position.
/// </summary>
internal sealed class FieldDepthLocator : IFieldLocator
{
    public SourceLocation? Locate(SourceLocation objectLocation, string path)
    {
        var depth = path.Split('.').Length;
        return objectLocation with { Line = objectLocation.Line + depth, Column = 1 + (2 * depth) };
    }
}
