namespace PhiGuard.Controls.Support;

/// <summary>
/// Builds the field paths findings carry. Map keys that contain dots or slashes (label and annotation keys) are
/// written in brackets and quotes, <c>metadata.labels["phiguard.io/phi"]</c>, so a locator can split the path
/// unambiguously.
/// </summary>
internal static class FieldPath
{
    public static string Label(string key) => $"metadata.labels[\"{key}\"]";

    public static string Annotation(string key) => $"metadata.annotations[\"{key}\"]";
}
