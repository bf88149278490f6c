using System.Reflection;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls;

/// <summary>
/// Every control shipped with PhiGuard, found by reflection over this assembly (one instance each, sorted by id):
/// there is no list to keep in sync when a control is added.
/// </summary>
public static class BuiltInControls
{
    private static readonly Lazy<IReadOnlyList<Control>> Instances = new(() => ControlRegistry.Discover(Assembly));

    /// <summary>The assembly that holds the built-in controls (and, beside it on disk, their fixtures).</summary>
    public static Assembly Assembly => typeof(BuiltInControls).Assembly;

    /// <summary>One instance of every built-in control, sorted by id.</summary>
    public static IReadOnlyList<Control> All => Instances.Value;

    /// <summary>The control with this frozen id, or null.</summary>
    public static Control? Find(string id) =>
        All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// The control's folder relative to the project (and to the output folder its fixtures are copied to):
    /// <c>&lt;Area&gt;/&lt;ClassName&gt;</c>, the area being the last segment of the class's namespace.
    /// </summary>
    public static string FolderOf(Control control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var type = control.GetType();
        var ns = type.Namespace ?? string.Empty;
        var area = ns[(ns.LastIndexOf('.') + 1)..];
        return $"{area}/{type.Name}";
    }
}
