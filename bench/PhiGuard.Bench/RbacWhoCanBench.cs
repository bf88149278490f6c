using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Bench;

/// <summary>
/// who-can over a synthetic cluster of 5,000 roles (half ClusterRoles, a tenth of them aggregated) and 10,000
/// bindings (a fifth ClusterRoleBindings) in 200 namespaces: model build, and one query per namespace scope.
/// </summary>
[MemoryDiagnoser]
public class RbacWhoCanBench
{
    private Inventory inventory = Inventory.Empty;
    private PermissionModel model = null!;

    [GlobalSetup]
    public void Setup()
    {
        inventory = Build(roles: 5_000, bindings: 10_000, namespaces: 200);
        model = PermissionModel.Build(inventory);
    }

    [Benchmark]
    public PermissionModel BuildModel() => PermissionModel.Build(inventory);

    [Benchmark]
    public int WhoCanGetSecretsInNamespace() => model.WhoCan(AccessRequest.Parse("get", "secrets", null, "ns-17")).Count;

    [Benchmark]
    public int WhoCanExecAllNamespaces() => model.WhoCan(AccessRequest.Parse("create", "pods/exec"), allNamespaces: true).Count;

    [Benchmark]
    public int BuildAndWhoCan() => PermissionModel.Build(inventory).WhoCan(AccessRequest.Parse("get", "secrets", null, "ns-17")).Count;

    internal static Inventory Build(int roles, int bindings, int namespaces)
    {
        var resources = new[] { "pods", "secrets", "configmaps", "services", "deployments", "pods/exec", "pods/log", "*/status" };
        var verbs = new[] { "get", "list", "watch", "create", "update", "patch", "delete" };
        var sb = new StringBuilder("[");
        var clusterRoles = roles / 2;
        for (var i = 0; i < roles; i++)
        {
            var cluster = i < clusterRoles;
            var aggregated = cluster && i % 10 == 0;
            sb.Append(i == 0 ? string.Empty : ",");
            sb.Append("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"").Append(cluster ? "ClusterRole" : "Role")
              .Append("\",\"metadata\":{\"name\":\"role-").Append(i).Append('"');
            if (!cluster)
            {
                sb.Append(",\"namespace\":\"ns-").Append(i % namespaces).Append('"');
            }

            sb.Append(",\"labels\":{\"agg\":\"a").Append(i % 50).Append("\"}}");
            if (aggregated)
            {
                sb.Append(",\"aggregationRule\":{\"clusterRoleSelectors\":[{\"matchLabels\":{\"agg\":\"a").Append((i / 10) % 50).Append("\"}}]},\"rules\":[]}");
                continue;
            }

            sb.Append(",\"rules\":[");
            for (var r = 0; r < 4; r++)
            {
                sb.Append(r == 0 ? string.Empty : ",")
                  .Append("{\"apiGroups\":[\"\",\"apps\"],\"resources\":[\"").Append(resources[(i + r) % resources.Length])
                  .Append("\"],\"verbs\":[\"").Append(verbs[(i + r) % verbs.Length]).Append("\",\"").Append(verbs[(i + 2 * r) % verbs.Length]).Append("\"]}");
            }

            sb.Append("]}");
        }

        for (var b = 0; b < bindings; b++)
        {
            var cluster = b % 5 == 0;
            var role = cluster ? b % clusterRoles : b % roles;
            var roleKind = role < clusterRoles ? "ClusterRole" : "Role";
            var ns = cluster ? null : roleKind == "Role" ? $"ns-{role % namespaces}" : $"ns-{b % namespaces}";
            sb.Append(",{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"").Append(cluster ? "ClusterRoleBinding" : "RoleBinding")
              .Append("\",\"metadata\":{\"name\":\"binding-").Append(b).Append('"');
            if (ns is not null)
            {
                sb.Append(",\"namespace\":\"").Append(ns).Append('"');
            }

            sb.Append("},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"").Append(roleKind).Append("\",\"name\":\"role-").Append(role)
              .Append("\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"user-").Append(b % 3_000).Append("\"},{\"kind\":\"Group\",\"name\":\"group-").Append(b % 400)
              .Append("\"},{\"kind\":\"ServiceAccount\",\"name\":\"sa-").Append(b).Append("\",\"namespace\":\"ns-").Append(b % namespaces).Append("\"}]}");
        }

        sb.Append(']');
        using var doc = JsonDocument.Parse(sb.ToString());
        return new Inventory(doc.RootElement.EnumerateArray().Select(e => KubeObject.Create(e.Clone())).ToList());
    }
}
