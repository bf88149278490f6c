namespace PhiGuard.Sources.Manifests;

/// <summary>
/// A problem in one document (a limit, an unsupported construct, a bad value) at an absolute 1-based line and
/// column. Carries no source text, so a message can never leak a secret value.
/// </summary>
internal sealed class DocumentException(string message, long line, long column, bool fatalForFile = false)
    : Exception(message)
{
    public long Line { get; } = line;

    public long Column { get; } = column;

    /// <summary>True when the parser's state is lost and loading must resynchronise on the next document marker.</summary>
    public bool FatalForFile { get; } = fatalForFile;
}
