namespace PhiGuard.Reports.Docs;

/// <summary>Where a control's class lives (repository-relative folder) and the fixture files beside it.</summary>
public sealed record ControlFiles(string Folder, IReadOnlyList<string> Fixtures);
