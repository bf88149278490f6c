using System.Globalization;

namespace PhiGuard.Sources.Manifests;

/// <summary>Human sizes for limit messages ("32 MiB", "64 KiB").</summary>
internal static class Sizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => $"{bytes} bytes",
    };
}
