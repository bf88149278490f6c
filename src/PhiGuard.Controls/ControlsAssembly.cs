namespace PhiGuard.Controls;

/// <summary>Names the assembly that holds every control, so callers can discover them by reflection.</summary>
public static class ControlsAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(ControlsAssembly).Assembly;
}
