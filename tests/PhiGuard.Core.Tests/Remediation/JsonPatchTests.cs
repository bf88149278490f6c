using System.Text.Json.Nodes;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Core.Tests.Remediation;

public sealed class JsonPatchTests
{
    private static readonly PatchPath Spec = PatchPath.Of("spec.template.spec");

    private static JsonObject Rollout() => JsonNode.Parse("""
        {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"portal","labels":{"a/b":"x"}},
         "spec":{"template":{"spec":{"containers":[
           {"name":"init","image":"i:1"},
           {"name":"portal","image":"p:1","securityContext":{"runAsUser":0}}]}}}}
        """)!.AsObject();

    [Fact]
    public void Build_adds_missing_maps_in_one_operation_and_guards_list_indexes_with_a_test()
    {
        var ops = JsonPatch.Build(Rollout(),
        [
            new PatchChange(Spec.Item("containers", "name", "init").Fields("securityContext.readOnlyRootFilesystem"), true, "x"),
            new PatchChange(Spec.Item("containers", "name", "init").Fields("securityContext.privileged"), false, "x"),
            new PatchChange(Spec.Item("containers", "name", "portal").Fields("securityContext.runAsUser"), null, "x"),
            new PatchChange(Spec.Item("containers", "name", "portal").Fields("securityContext.seccompProfile.type"), "RuntimeDefault", "x"),
            new PatchChange(PatchPath.Of("metadata.labels").Field("a/b"), "y", "x"),
        ]);

        Assert.Equal(
            """
            [{"op":"test","path":"/spec/template/spec/containers/0/name","value":"init"},{"op":"add","path":"/spec/template/spec/containers/0/securityContext","value":{"readOnlyRootFilesystem":true}},{"op":"add","path":"/spec/template/spec/containers/0/securityContext/privileged","value":false},{"op":"test","path":"/spec/template/spec/containers/1/name","value":"portal"},{"op":"remove","path":"/spec/template/spec/containers/1/securityContext/runAsUser"},{"op":"add","path":"/spec/template/spec/containers/1/securityContext/seccompProfile","value":{"type":"RuntimeDefault"}},{"op":"replace","path":"/metadata/labels/a~1b","value":"y"}]
            """,
            ops.ToJsonString());
        var result = JsonPatch.Apply(Rollout(), ops);
        Assert.Equal("""{"readOnlyRootFilesystem":true,"privileged":false}""", result["spec"]!["template"]!["spec"]!["containers"]![0]!["securityContext"]!.ToJsonString());
        Assert.Equal("y", result["metadata"]!["labels"]!["a/b"]!.GetValue<string>());
    }

    [Fact]
    public void A_patch_fails_instead_of_changing_another_container_when_the_list_has_changed()
    {
        var ops = JsonPatch.Build(Rollout(), [new PatchChange(Spec.Item("containers", "name", "portal").Field("image"), "p:2", "x")]);
        var reordered = Rollout();
        var list = reordered["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        var first = list[0]!.DeepClone();
        list.RemoveAt(0);
        list.Add(first);
        Assert.Throws<InvalidOperationException>(() => JsonPatch.Apply(reordered, ops));
    }

    [Fact]
    public void Removing_a_field_that_is_not_there_emits_nothing()
    {
        var ops = JsonPatch.Build(Rollout(), [new PatchChange(Spec.Fields("securityContext.runAsUser"), null, "x")]);
        Assert.Empty(ops);
    }
}
