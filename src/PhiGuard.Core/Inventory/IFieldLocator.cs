namespace PhiGuard.Core.Inventory;

/// <summary>
/// Finds the line and column of a field path inside an object's source document (for SARIF and the HTML report).
/// Implementations re-read only the one document, and only when asked, so loading stays fast.
/// </summary>
public interface IFieldLocator
{
    /// <summary>
    /// The location of <paramref name="path"/> (dotted, with [index]) within the object at <paramref name="objectLocation"/>,
    /// the nearest existing parent when the field is absent, or null when the source cannot be re-read.
    /// </summary>
    SourceLocation? Locate(SourceLocation objectLocation, string path);
}
