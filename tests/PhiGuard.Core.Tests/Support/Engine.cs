using Microsoft.Extensions.Time.Testing;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Runs the Scanner at a fixed time.</summary>
internal static class Engine
{
    public static readonly DateTimeOffset Now = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public static ScanResult Scan(
        IEnumerable<Control> controls,
        PhiGuard.Core.Inventory.Inventory inventory,
        PhiGuardConfig? config = null,
        Profile? profile = null) =>
        new Scanner(controls, new FakeTimeProvider(Now)).Scan(
            inventory, new ScanOptions { Config = config ?? PhiGuardConfig.Default, Profile = profile ?? Profile.Hipaa });
}
