using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Tests.Manifests;

public sealed class SourceFieldLocatorTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly SourceFieldLocator locator = new();

    public void Dispose() => dir.Dispose();

    private const string Deployment = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ehr-prod
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: ehr-prod
          annotations:
            phiguard.io/owner: team-ehr
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
              - name: sidecar
                image: envoy
                securityContext:
                  readOnlyRootFilesystem: false
        """;

    private (int Line, int Column)? At(KubeObject obj, string path) =>
        locator.Locate(obj.Source!, path) is { } l ? (l.Line, l.Column) : null;

    [Fact]
    public void Finds_a_yaml_field_in_the_second_document()
    {
        var deploy = new ManifestLoader().Load([dir.Write("d.yaml", Deployment)]).Objects[1];

        Assert.Equal((22, 11), At(deploy, "spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem"));
        Assert.Equal((19, 9), At(deploy, "spec.template.spec.containers[1]"));
        Assert.Equal((10, 3), At(deploy, "metadata.namespace"));
    }

    [Fact]
    public void A_missing_field_gives_the_deepest_existing_parent()
    {
        var deploy = new ManifestLoader().Load([dir.Write("d.yaml", Deployment)]).Objects[1];

        Assert.Equal((17, 9), At(deploy, "spec.template.spec.containers[0].securityContext.runAsNonRoot"));
        Assert.Equal((15, 5), At(deploy, "spec.template.spec.volumes[3]"));
    }

    [Fact]
    public void Keys_with_dots_are_found_bare_or_quoted()
    {
        var deploy = new ManifestLoader().Load([dir.Write("d.yaml", Deployment)]).Objects[1];

        Assert.Equal((12, 5), At(deploy, "metadata.annotations.phiguard.io/owner"));
        Assert.Equal((12, 5), At(deploy, "metadata.annotations[\"phiguard.io/owner\"]"));
    }

    [Fact]
    public void Finds_a_field_of_a_yaml_list_item()
    {
        var file = dir.Write("l.yaml", """
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: a}
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: b
              data:
                key: value
            """);
        var b = new ManifestLoader().Load([file]).Objects[1];

        Assert.Equal((11, 5), At(b, "data.key"));
    }

    [Fact]
    public void Finds_a_field_in_a_kubectl_json_dump()
    {
        var file = dir.Write("dump.json", """
            {
              "apiVersion": "v1",
              "items": [
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
                {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {"name": "p"},
                  "spec": {
                    "containers": [
                      {"name": "c0"},
                      {"name": "c1", "securityContext": {"privileged": true}}
                    ]
                  }
                }
              ],
              "kind": "List"
            }
            """);
        var pod = new ManifestLoader().Load([file]).Objects[1];

        Assert.Equal((12, 46), At(pod, "spec.containers[1].securityContext.privileged"));
        Assert.Equal((12, 11), At(pod, "spec.containers[1]"));
        Assert.Equal((9, 7), At(pod, "spec.nodeName"));
    }

    [Fact]
    public void Stdin_objects_cannot_be_relocated()
    {
        var obj = Assert.Single(new ManifestLoader().Load(["-"], new StringReader(ManifestLoaderTests.Ns("x"))).Objects);

        Assert.Null(locator.Locate(obj.Source!, "metadata.name"));
    }
}
