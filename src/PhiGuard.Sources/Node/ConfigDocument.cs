using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Node;

/// <summary>Reads a single-document configuration file (YAML or JSON), with the loader's limits and positioned errors.</summary>
public static class ConfigDocument
{
    /// <summary>The document as JSON, or null with <paramref name="error"/> naming file, line and what is wrong.</summary>
    public static JsonElement? Read(string file, out LoadError? error)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<LoadError>();
        var json = ConfigFileReader.ReadJson(file, errors);
        error = errors.Count > 0 ? errors[0] : null;
        return json;
    }
}
