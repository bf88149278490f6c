using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiGuard.Admission.Tests.Support;

/// <summary>AdmissionReview requests as the API server sends them.</summary>
internal static class Reviews
{
    public static JsonObject Deployment(string ns, string name = "api", bool readOnlyRoot = false, string image = "registry.example/app:1.0")
    {
        var securityContext = new JsonObject { ["runAsNonRoot"] = true };
        if (readOnlyRoot)
        {
            securityContext["readOnlyRootFilesystem"] = true;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "app",
                            ["image"] = image,
                            ["securityContext"] = securityContext,
                        }),
                    },
                },
            },
        };
    }

    public static JsonObject Review(JsonObject obj, string operation = "CREATE", JsonObject? old = null, bool dryRun = false, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002")
    {
        var kind = obj["kind"]!.GetValue<string>();
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = slash < 0 ? string.Empty : apiVersion[..slash], ["version"] = apiVersion[(slash + 1)..], ["kind"] = kind },
            ["resource"] = new JsonObject { ["resource"] = kind.ToLowerInvariant() + "s" },
            ["name"] = obj["metadata"]?["name"]?.GetValue<string>(),
            ["namespace"] = obj["metadata"]?["namespace"]?.GetValue<string>(),
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "alice" },
            ["object"] = obj.DeepClone(),
            ["oldObject"] = old?.DeepClone(),
            ["dryRun"] = dryRun,
        };
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };
    }

    public static AdmissionRequest Parse(JsonObject review, out JsonDocument doc)
    {
        var (request, d) = AdmissionReviewReader.Parse(JsonSerializer.SerializeToUtf8Bytes(review));
        doc = d;
        return request;
    }
}
