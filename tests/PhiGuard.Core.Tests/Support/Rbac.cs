using System.Text.Json.Nodes;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Builds RBAC objects as JSON text for permission-model tests.</summary>
internal static class Rbac
{
    private const string ApiVersion = "rbac.authorization.k8s.io/v1";

    public static JsonObject Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) => new()
    {
        ["verbs"] = Array(verbs),
        ["apiGroups"] = Array(groups),
        ["resources"] = Array(resources),
        ["resourceNames"] = names is null ? null : Array(names),
    };

    public static JsonObject UrlRule(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Array(verbs),
        ["nonResourceURLs"] = Array(urls),
    };

    public static string ClusterRole(string name, params JsonObject[] rules) => ClusterRole(name, null, null, rules);

    public static string ClusterRole(string name, Dictionary<string, string>? labels, JsonArray? selectors, params JsonObject[] rules)
    {
        var meta = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            var l = new JsonObject();
            foreach (var (k, v) in labels)
            {
                l[k] = v;
            }

            meta["labels"] = l;
        }

        var o = new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "ClusterRole", ["metadata"] = meta, ["rules"] = new JsonArray(rules) };
        if (selectors is not null)
        {
            o["aggregationRule"] = new JsonObject { ["clusterRoleSelectors"] = selectors };
        }

        return o.ToJsonString();
    }

    public static string Role(string ns, string name, params JsonObject[] rules) => new JsonObject
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "Role",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["rules"] = new JsonArray(rules),
    }.ToJsonString();

    public static string ClusterRoleBinding(string name, string clusterRole, params JsonObject[] subjects) => new JsonObject
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = clusterRole },
        ["subjects"] = new JsonArray(subjects),
    }.ToJsonString();

    public static string RoleBinding(string ns, string name, string roleKind, string role, params JsonObject[] subjects) => new JsonObject
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "RoleBinding",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = role },
        ["subjects"] = new JsonArray(subjects),
    }.ToJsonString();

    public static JsonObject User(string name) => new() { ["kind"] = "User", ["name"] = name };

    public static JsonObject Group(string name) => new() { ["kind"] = "Group", ["name"] = name };

    public static JsonObject Sa(string name, string? ns = null) => ns is null
        ? new JsonObject { ["kind"] = "ServiceAccount", ["name"] = name }
        : new JsonObject { ["kind"] = "ServiceAccount", ["name"] = name, ["namespace"] = ns };

    public static JsonArray Selectors(params Dictionary<string, string>[] matchLabels)
    {
        var a = new JsonArray();
        foreach (var m in matchLabels)
        {
            var ml = new JsonObject();
            foreach (var (k, v) in m)
            {
                ml[k] = v;
            }

            a.Add(new JsonObject { ["matchLabels"] = ml });
        }

        return a;
    }

    public static string[] S(params string[] values) => values;

    public static PhiGuard.Core.Inventory.Inventory Inventory(params string[] objects) =>
        Objects.Inventory("[" + string.Join(",", objects) + "]");

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
