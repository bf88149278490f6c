using System.Text.Json;
using Json.Schema;

namespace PhiGuard.Reports.Tests;

/// <summary>Validates JSON text against a JSON Schema file with JsonSchema.Net, formats enforced.</summary>
internal sealed class SchemaValidator
{
    private readonly JsonSchema schema;

    private SchemaValidator(string path)
    {
        // A registry of its own, so building the same $id twice in one test run never collides.
        schema = JsonSchema.FromFile(path, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static SchemaValidator Sarif { get; } =
        new(RepoFiles.Combine("tests", "PhiGuard.Reports.Tests", "Schemas", "sarif-schema-2.1.0.json"));

    public static SchemaValidator ScanV1 { get; } = new(RepoFiles.Combine("docs", "json-schema", "scan-v1.json"));

    /// <summary>The validation errors (instance location: message), empty when the document is valid.</summary>
    public IReadOnlyList<string> Errors(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var results = schema.Evaluate(doc.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var d in results.Details ?? [])
        {
            foreach (var (keyword, message) in d.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{d.InstanceLocation} ({keyword}): {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }
}
