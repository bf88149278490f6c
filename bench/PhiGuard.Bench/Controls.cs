using System.Reflection;
using PhiGuard.Core.Engine;

namespace PhiGuard.Bench;

/// <summary>The controls of PhiGuard.Controls, found by assembly name so the benchmark picks up every control merged later.</summary>
internal static class Controls
{
    public static IReadOnlyList<Control> All() => ControlRegistry.Discover(Assembly.Load("PhiGuard.Controls"));
}
