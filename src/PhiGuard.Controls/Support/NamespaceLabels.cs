using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A namespace's labels as a namespaceSelector sees them: the Namespace object's labels plus
/// <c>kubernetes.io/metadata.name</c>, which the API server sets on every namespace.
/// </summary>
internal static class NamespaceLabels
{
    public const string NameLabel = "kubernetes.io/metadata.name";

    public static IReadOnlyDictionary<string, string> Of(ControlContext context, string ns)
    {
        ArgumentNullException.ThrowIfNull(context);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.Inventory.NamespaceObjects.TryGetValue(ns, out var obj))
        {
            foreach (var (k, v) in obj.Labels)
            {
                labels[k] = v;
            }
        }

        labels[NameLabel] = ns;
        return labels;
    }
}
