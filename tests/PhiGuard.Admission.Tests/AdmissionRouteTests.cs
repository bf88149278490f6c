using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Admission.Tests;

public sealed class AdmissionRouteTests
{
    [Theory]
    [InlineData("/validate", AdmissionMode.Warn, Severity.Low, false)]
    [InlineData("/validate/phi", AdmissionMode.Warn, Severity.Low, true)]
    [InlineData("/validate/enforce", AdmissionMode.Enforce, Severity.Low, false)]
    [InlineData("/validate/enforce/phi", AdmissionMode.Enforce, Severity.Low, true)]
    [InlineData("/validate/warn/high", AdmissionMode.Warn, Severity.High, false)]
    [InlineData("/validate/audit/critical/phi", AdmissionMode.Audit, Severity.Critical, true)]
    public void Parses_mode_severity_and_phi(string path, AdmissionMode mode, Severity severity, bool phi)
    {
        Assert.Equal(new AdmissionRoute(mode, severity, phi), AdmissionRoute.TryParse(path, AdmissionSettings.Default));
    }

    [Fact]
    public void Plain_validate_uses_the_configured_default()
    {
        var settings = new AdmissionSettings { DefaultMode = AdmissionMode.Enforce, MinSeverity = Severity.High };
        Assert.Equal(new AdmissionRoute(AdmissionMode.Enforce, Severity.High, false), AdmissionRoute.TryParse("/validate", settings));
    }

    [Theory]
    [InlineData("/validate/deny")]
    [InlineData("/validate/enforce/severe")]
    [InlineData("/validate/phi/enforce")]
    [InlineData("/other")]
    public void Rejects_unknown_segments(string path) => Assert.Null(AdmissionRoute.TryParse(path, AdmissionSettings.Default));

    [Fact]
    public void Round_trips_through_its_path()
    {
        var route = new AdmissionRoute(AdmissionMode.Audit, Severity.Medium, true);
        Assert.Equal("/validate/audit/medium/phi", route.ToPath());
        Assert.Equal(route, AdmissionRoute.TryParse(route.ToPath(), AdmissionSettings.Default));
    }
}
