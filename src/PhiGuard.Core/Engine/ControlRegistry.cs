using System.Reflection;

namespace PhiGuard.Core.Engine;

/// <summary>Finds every control class in an assembly by reflection: there is no list of controls to keep in sync.</summary>
public static class ControlRegistry
{
    /// <summary>One instance of every concrete <see cref="Control"/> with a parameterless constructor, sorted by id.</summary>
    public static IReadOnlyList<Control> Discover(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        return assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(Control).IsAssignableFrom(t) && t is { IsAbstract: false, IsClass: true } &&
                        t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Control)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();
    }
}
