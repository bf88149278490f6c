using System.Text.Json.Nodes;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Core.Tests.Remediation;

public sealed class StrategicMergePatchTests
{
    private static readonly PatchPath Spec = PatchPath.Of("spec.template.spec");

    private static JsonObject Deployment() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","labels":{"app":"api"}},
         "spec":{"template":{"spec":{
           "containers":[
             {"name":"app","image":"a:1","securityContext":{"runAsUser":0,"capabilities":{"drop":["NET_RAW"],"add":["NET_ADMIN"]}}},
             {"name":"sidecar","image":"s:1"}]}}}}
        """)!.AsObject();

    [Fact]
    public void Build_nests_changes_and_names_containers_by_their_merge_key()
    {
        var patch = StrategicMergePatch.Build(Deployment(),
        [
            new PatchChange(Spec.Item("containers", "name", "sidecar").Fields("securityContext.readOnlyRootFilesystem"), true, "x"),
            new PatchChange(Spec.Item("containers", "name", "sidecar").Fields("securityContext.privileged"), false, "x"),
            new PatchChange(Spec.Field("hostNetwork"), false, "x"),
            new PatchChange(PatchPath.Of("metadata.labels").Field("pod-security.kubernetes.io/enforce"), "restricted", "x"),
        ]);

        Assert.Equal(
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","securityContext":{"readOnlyRootFilesystem":true,"privileged":false}}],"hostNetwork":false}}},"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"restricted"}}}""",
            patch.ToJsonString());
    }

    [Fact]
    public void Apply_merges_maps_and_named_items_removes_nulls_and_replaces_plain_lists()
    {
        var patch = StrategicMergePatch.Build(Deployment(),
        [
            new PatchChange(Spec.Item("containers", "name", "app").Fields("securityContext.runAsUser"), null, "x"),
            new PatchChange(Spec.Item("containers", "name", "app").Fields("securityContext.capabilities.drop"), new JsonArray("ALL"), "x"),
            new PatchChange(Spec.Item("containers", "name", "app").Fields("securityContext.capabilities.add"), null, "x"),
            new PatchChange(Spec.Item("containers", "name", "sidecar").Fields("securityContext.readOnlyRootFilesystem"), true, "x"),
        ]);

        var result = StrategicMergePatch.Apply(Deployment(), patch);

        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count); // merged by name: no container added or lost, order kept
        Assert.Equal("""{"name":"app","image":"a:1","securityContext":{"capabilities":{"drop":["ALL"]}}}""", containers[0]!.ToJsonString());
        Assert.Equal("""{"name":"sidecar","image":"s:1","securityContext":{"readOnlyRootFilesystem":true}}""", containers[1]!.ToJsonString());
        Assert.Equal("api", result["metadata"]!["labels"]!["app"]!.GetValue<string>()); // untouched maps stay
    }

    [Fact]
    public void Apply_does_not_change_its_input()
    {
        var target = Deployment();
        var before = target.ToJsonString();
        StrategicMergePatch.Apply(target, StrategicMergePatch.Build(Deployment(), [new PatchChange(Spec.Field("hostPID"), false, "x")]));
        Assert.Equal(before, target.ToJsonString());
    }

    [Fact]
    public void An_item_whose_key_is_not_in_the_list_is_appended_as_kubectl_does()
    {
        var patch = StrategicMergePatch.Build(Deployment(), [new PatchChange(Spec.Item("containers", "name", "new").Field("image"), "n:1", "x")]);
        var result = StrategicMergePatch.Apply(Deployment(), patch);
        Assert.Equal(3, result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
    }

    [Fact]
    public void Removing_a_field_the_object_lacks_is_left_out_so_no_empty_parent_is_created()
    {
        var patch = StrategicMergePatch.Build(Deployment(),
        [
            new PatchChange(Spec.Item("containers", "name", "sidecar").Fields("securityContext.seccompProfile.localhostProfile"), null, "x"),
            new PatchChange(Spec.Field("hostPID"), false, "x"),
        ]);
        Assert.Equal("""{"spec":{"template":{"spec":{"hostPID":false}}}}""", patch.ToJsonString());
    }

    [Fact]
    public void Nulls_inside_a_new_subtree_are_dropped_as_the_api_server_does()
    {
        var patch = JsonNode.Parse("""{"spec":{"template":{"spec":{"securityContext":{"runAsUser":null,"runAsNonRoot":true}}}}}""")!.AsObject();
        var result = StrategicMergePatch.Apply(Deployment(), patch);
        Assert.Equal("""{"runAsNonRoot":true}""", result["spec"]!["template"]!["spec"]!["securityContext"]!.ToJsonString());
    }

    [Fact]
    public void Directives_are_refused_rather_than_misapplied()
    {
        var patch = JsonNode.Parse("""{"spec":{"$patch":"replace"}}""")!.AsObject();
        Assert.Throws<NotSupportedException>(() => StrategicMergePatch.Apply(Deployment(), patch));
    }

    [Fact]
    public void A_change_must_name_a_field()
    {
        Assert.Throws<ArgumentException>(() => StrategicMergePatch.Build(Deployment(), [new PatchChange(Spec.Item("containers", "name", "app"), true, "x")]));
    }

    [Fact]
    public void A_remediation_refuses_two_values_for_one_field_and_keeps_a_repeated_one_once()
    {
        var path = Spec.Field("hostIPC");
        var r = new Core.Remediation.Remediation().Set(path, false, "a").Set(path, false, "b");
        Assert.Single(r.Changes);
        Assert.Throws<InvalidOperationException>(() => r.Set(path, true, "c"));
    }
}
