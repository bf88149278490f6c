using PhiGuard.Core.Engine;

namespace PhiGuard.Cli;

/// <summary>Every control PhiGuard ships, found by reflection in PhiGuard.Controls.</summary>
internal static class ControlCatalog
{
    private static readonly Lazy<IReadOnlyList<Control>> Controls =
        new(() => ControlRegistry.Discover(typeof(PhiGuard.Controls.ControlsAssembly).Assembly));

    public static IReadOnlyList<Control> All => Controls.Value;

    public static Control? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}
