using Microsoft.Extensions.Time.Testing;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Support;

/// <summary>Runs the real Scanner with one control at a fixed time.</summary>
internal static class Scan
{
    public static readonly DateTimeOffset Now = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    public static ScanResult Run(Control control, Inventory inventory, PhiGuardConfig? config = null) =>
        new Scanner([control], new FakeTimeProvider(Now)).Scan(inventory, new ScanOptions { Config = config ?? PhiGuardConfig.Default });

    public static ScanResult Run(Control control, YamlFixture fixture) =>
        Run(control, fixture.ToInventory(), fixture.ToConfig());
}
