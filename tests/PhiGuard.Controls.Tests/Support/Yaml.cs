namespace PhiGuard.Controls.Tests.Support;

/// <summary>Small YAML snippets shared by the control tests.</summary>
internal static class Yaml
{
    public static string Namespace(string name, string phi = "true", string env = "prod", string extraLabels = "") => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
          labels:
            phiguard.io/phi: "{phi}"
            phiguard.io/environment: {env}
        {extraLabels}
        ---

        """;
}
