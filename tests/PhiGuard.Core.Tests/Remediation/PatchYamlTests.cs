using System.Text.Json.Nodes;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Core.Tests.Remediation;

public sealed class PatchYamlTests
{
    [Fact]
    public void Writes_block_yaml_with_quoted_strings_and_comments_on_top()
    {
        var doc = JsonNode.Parse("""
            {"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"restricted","a b":"true"}},
             "spec":{"containers":[{"name":"app","securityContext":{"runAsUser":null,"capabilities":{"drop":["ALL"]}}}],"hostPID":false}}
            """)!;

        var text = PatchYaml.Write(doc, ["PhiGuard remediation", "line one\nline two"]);

        Assert.Equal("""
            # PhiGuard remediation
            # line one
            # line two
            metadata:
              labels:
                pod-security.kubernetes.io/enforce: "restricted"
                "a b": "true"
            spec:
              containers:
                - name: "app"
                  securityContext:
                    runAsUser: null
                    capabilities:
                      drop: ["ALL"]
              hostPID: false

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Paths_print_list_items_by_merge_key_and_bracket_keys_with_dots()
    {
        var path = PatchPath.Of("spec.template.spec").Item("containers", "name", "app").Fields("securityContext.privileged");
        Assert.Equal("spec.template.spec.containers[name=app].securityContext.privileged", path.ToString());
        Assert.Equal("metadata.labels[\"pod-security.kubernetes.io/enforce\"]", PatchPath.Of("metadata.labels").Field("pod-security.kubernetes.io/enforce").ToString());
        Assert.True(PatchPath.Of("spec.template").Contains(path));
        Assert.False(path.Contains(PatchPath.Of("spec.template")));
    }
}
