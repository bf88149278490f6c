using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Tests.Manifests;

public sealed class ManifestLoaderTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static LoadResult Load(params string[] paths) => new ManifestLoader().Load(paths);

    [Fact]
    public void Multi_document_yaml_loads_each_object_with_its_line_and_skips_empty_documents()
    {
        var file = dir.Write("app.yaml", """
            # leading comment
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ehr-prod
            ---
            # only a comment
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: ehr-prod
            ...
            ---
            null
            ---
              apiVersion: v1
              kind: Service
              metadata: {name: web, namespace: ehr-prod}
            """);

        var result = Load(file);

        Assert.Empty(result.Errors);
        Assert.Equal(["Namespace/ehr-prod", "Deployment/ehr-prod/web", "Service/ehr-prod/web"], result.Objects.Select(o => o.ToString()));
        Assert.Equal([(2, 1), (10, 1), (19, 3)], result.Objects.Select(o => (o.Source!.Line, o.Source.Column)));
        Assert.All(result.Objects, o => Assert.Equal(file, o.Source!.File));
        Assert.Equal(0, result.Objects[0].Source!.Document);
        Assert.Equal(3, result.Objects[1].Source!.Document);
        Assert.Equal(InventoryOrigin.Manifests, result.Origin);
    }

    [Fact]
    public void Yaml_list_items_are_expanded_each_at_its_own_line()
    {
        var file = dir.Write("list.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: a}
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: b
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBindingList
            items:
              - apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: c, namespace: x}
            """);

        var result = Load(file);

        Assert.Empty(result.Errors);
        Assert.Equal(["ConfigMap/a", "ConfigMap/b", "RoleBinding/x/c"], result.Objects.Select(o => o.ToString()));
        Assert.Equal([4, 7, 15], result.Objects.Select(o => o.Source!.Line));
        Assert.Equal(5, result.Objects[2].Source!.Column);
    }

    [Fact]
    public void A_yaml_document_that_is_a_sequence_of_objects_is_expanded()
    {
        var file = dir.Write("seq.yaml", "- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: b}\n");

        var result = Load(file);

        Assert.Empty(result.Errors);
        Assert.Equal([("a", 1), ("b", 4)], result.Objects.Select(o => (o.Name, o.Source!.Line)));
    }

    [Fact]
    public void Kubectl_json_dump_is_expanded_with_item_lines()
    {
        var file = dir.Write("dump.json", """
            {
                "apiVersion": "v1",
                "items": [
                    {
                        "apiVersion": "v1",
                        "kind": "Pod",
                        "metadata": {"name": "p1", "namespace": "ehr-prod"}
                    },
                    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p2", "namespace": "ehr-prod"}}
                ],
                "kind": "List",
                "metadata": {"resourceVersion": ""}
            }
            """);

        var result = Load(file);

        Assert.Empty(result.Errors);
        Assert.Equal(["Pod/ehr-prod/p1", "Pod/ehr-prod/p2"], result.Objects.Select(o => o.ToString()));
        Assert.Equal([(4, 9), (9, 9)], result.Objects.Select(o => (o.Source!.Line, o.Source.Column)));
        Assert.Equal("p1", result.Objects[0].Json.GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public void Json_array_single_object_and_concatenated_values_load()
    {
        var array = dir.Write("a.json", """[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}, {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}]""");
        var single = dir.Write("b.json", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}""");
        var stream = dir.Write("c.json", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}\n{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"y\"}}\n");

        var result = Load(array, single, stream);

        Assert.Empty(result.Errors);
        Assert.Equal(["Secret/s", "ConfigMap/c", "Namespace/n", "Namespace/x", "Namespace/y"], result.Objects.Select(o => o.ToString()));
        Assert.Equal(2, result.Objects[4].Source!.Line);
    }

    [Fact]
    public void A_json_object_with_an_items_member_that_is_not_a_list_is_one_object()
    {
        var file = dir.Write("crd.json", """{"items":[1,2],"apiVersion":"example.com/v1","kind":"Basket","metadata":{"name":"b"}}""");

        var result = Load(file);

        Assert.Empty(result.Errors);
        var basket = Assert.Single(result.Objects);
        Assert.Equal("Basket", basket.Kind);
        Assert.Equal(2, basket.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void Stdin_is_read_for_a_dash_in_yaml_or_json()
    {
        var yaml = new ManifestLoader().Load(["-"], new StringReader("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-stdin\n"));
        var json = new ManifestLoader().Load(["-"], new StringReader("""{"kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"j"}}]}"""));

        Assert.Equal("Namespace/from-stdin", Assert.Single(yaml.Objects).ToString());
        Assert.Equal("-", yaml.Objects[0].Source!.File);
        Assert.Equal("Namespace/j", Assert.Single(json.Objects).ToString());
        Assert.Empty(yaml.Errors);
        Assert.Empty(json.Errors);
    }

    [Fact]
    public void Folders_are_walked_recursively_in_ordinal_order_skipping_hidden_and_other_files()
    {
        dir.Write("b/two.yaml", Ns("two"));
        dir.Write("a/z.yml", Ns("one"));
        dir.Write("c.json", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"three"}}""");
        dir.Write(".git/x.yaml", Ns("hidden"));
        dir.Write("README.md", "not a manifest: [");
        dir.Write("notes.txt", "apiVersion: v1");

        var result = Load(dir.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(["one", "two", "three"], result.Objects.Select(o => o.Name));
        Assert.Equal([dir.Path], result.Inputs);
    }

    [Fact]
    public void Gzip_json_and_yaml_files_load()
    {
        var json = dir.WriteGzip("snap.json.gz", """{"kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gz-json"}}]}""");
        var yaml = dir.WriteGzip("m.yaml.gz", Ns("gz-yaml") + "---\n" + Ns("gz-yaml-2"));

        var result = Load(json, yaml);

        Assert.Empty(result.Errors);
        Assert.Equal(["gz-json", "gz-yaml", "gz-yaml-2"], result.Objects.Select(o => o.Name));
        Assert.Equal(6, result.Objects[2].Source!.Line);
    }

    [Fact]
    public void Unknown_custom_resource_kinds_are_kept_as_they_are()
    {
        var file = dir.Write("crd.yaml", """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: ehr-tls, namespace: ehr-prod}
            spec:
              secretName: ehr-tls
              dnsNames: [ehr.clinic.example]
            """);

        var obj = Assert.Single(Load(file).Objects);

        Assert.Equal("cert-manager.io", obj.Group);
        Assert.Equal("Certificate", obj.Kind);
        Assert.Equal("ehr.clinic.example", obj.Json.GetProperty("spec").GetProperty("dnsNames")[0].GetString());
    }

    [Fact]
    public void A_missing_path_is_a_load_error()
    {
        var result = Load(Path.Combine(dir.Path, "nope.yaml"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_without_a_name_is_a_load_error_at_its_line_and_the_others_load()
    {
        var file = dir.Write("x.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {}
            ---
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: ok}
            - kind: ConfigMap
              metadata: {name: no-api-version}
            - 42
            """);

        var result = Load(file);

        Assert.Equal("ok", Assert.Single(result.Objects).Name);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal((1, 1), (result.Errors[0].Line, result.Errors[0].Column));
        Assert.Contains("missing metadata.name", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(10, result.Errors[1].Line);
        Assert.Contains("items[1]", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(12, result.Errors[2].Line);
        Assert.All(result.Errors, e => Assert.Equal(file, e.Source));
    }

    [Fact]
    public void A_yaml_syntax_error_names_file_line_and_column_and_the_next_documents_and_files_still_load()
    {
        var bad = dir.Write("a-bad.yaml", """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: first
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: [unclosed
              namespace: x
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: after-error
            """);
        var good = dir.Write("b-good.yaml", Ns("other-file"));

        var result = Load(bad, good);

        Assert.Equal(["first", "after-error", "other-file"], result.Objects.Select(o => o.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal(bad, error.Source);
        Assert.InRange(error.Line, 9, 11);
        Assert.True(error.Column >= 1);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
        Assert.Equal(12, result.Objects[1].Source!.Line);
    }

    [Fact]
    public void A_json_syntax_error_names_line_and_column_and_loads_nothing_from_that_file()
    {
        var bad = dir.Write("bad.json", "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}},\n    {\"apiVersion\": v1}\n  ]\n}\n");
        var good = dir.Write("good.yaml", Ns("ok"));

        var result = Load(bad, good);

        Assert.Equal("ok", Assert.Single(result.Objects).Name);
        var error = Assert.Single(result.Errors);
        Assert.Equal((bad, 5), (error.Source, error.Line));
        Assert.Equal(20, error.Column);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Equal($"{bad}:5:20: {error.Message}", error.ToString());
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded()
    {
        var file = dir.Write("anchors.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: anchored
              labels: &labels {app: web, tier: "1"}
              annotations:
                copy: *labels
            data:
              a: &v hello
              b: *v
            """);

        var obj = Assert.Single(Load(file).Objects);

        Assert.Equal("web", obj.Json.GetProperty("metadata").GetProperty("annotations").GetProperty("copy").GetProperty("app").GetString());
        Assert.Equal("hello", obj.Json.GetProperty("data").GetProperty("b").GetString());
        Assert.Equal("1", obj.Labels["tier"]);
    }

    [Fact]
    public void A_billion_laughs_alias_bomb_fails_fast_with_a_clear_message()
    {
        var bomb = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: lol}
            data:
              a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
              b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
              c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
              d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
              e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
              f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
              g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
              h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
              i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            ---
            """ + "\n" + Ns("survivor");
        var file = dir.Write("bomb.yaml", bomb);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = Load(file);

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MiB");
        var error = Assert.Single(result.Errors);
        Assert.Contains("alias expansion exceeds 100000 nodes", error.Message, StringComparison.Ordinal);
        Assert.Equal(file, error.Source);
        Assert.InRange(error.Line, 5, 13);
        Assert.Equal("survivor", Assert.Single(result.Objects).Name);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_naming_the_line()
    {
        var deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: " + new string('[', 30) + new string(']', 30) + "\n";
        var file = dir.Write("deep.yaml", deep);

        var result = new ManifestLoader(new LoaderLimits { MaxDepth = 20 }).Load([file]);

        Assert.Empty(result.Objects);
        var error = Assert.Single(result.Errors);
        Assert.Contains("nesting deeper than 20", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Deep_json_is_refused_too()
    {
        var file = dir.Write("deep.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\"},\"data\":" + new string('[', 40) + new string(']', 40) + "}");

        var result = new ManifestLoader(new LoaderLimits { MaxDepth = 20 }).Load([file]);

        Assert.Empty(result.Objects);
        Assert.Equal(1, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void A_document_larger_than_the_limit_is_an_error_and_the_next_document_loads()
    {
        var big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n" +
                  string.Concat(Enumerable.Range(0, 20_000).Select(i => $"  k{i}: value-{i}\n")) + "---\n" + Ns("small");
        var file = dir.Write("big.yaml", big);

        var result = new ManifestLoader(new LoaderLimits { MaxDocumentBytes = 64 * 1024 }).Load([file]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal("small", Assert.Single(result.Objects).Name);
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_without_reading_it()
    {
        var file = dir.Write("f.yaml", Ns("a") + "---\n" + Ns("b"));

        var result = new ManifestLoader(new LoaderLimits { MaxFileBytes = 10 }).Load([file]);

        Assert.Empty(result.Objects);
        Assert.Contains("larger than", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdin_over_the_size_limit_keeps_nothing_and_says_so()
    {
        var text = string.Join("---\n", Enumerable.Range(0, 50).Select(i => Ns($"n{i}")));

        var result = new ManifestLoader(new LoaderLimits { MaxFileBytes = 1024 }).Load(["-"], new StringReader(text));

        Assert.Empty(result.Objects);
        Assert.Contains("larger than the 1 KiB limit", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_yaml_stream_over_the_size_limit_keeps_the_complete_documents_before_it()
    {
        var text = string.Join("---\n", Enumerable.Range(0, 200).Select(i => Ns($"n{i}")));
        var file = dir.WriteGzip("big.yaml.gz", text);

        var result = new ManifestLoader(new LoaderLimits { MaxFileBytes = 4000 }).Load([file]);

        Assert.Contains("input is larger than", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.InRange(result.Objects.Count, 1, 70);
        Assert.Equal(Enumerable.Range(0, result.Objects.Count).Select(i => $"n{i}"), result.Objects.Select(o => o.Name));
    }

    [Fact]
    public void The_object_limit_stops_the_load_with_an_error()
    {
        var file = dir.Write("many.yaml", string.Join("---\n", Enumerable.Range(0, 5).Select(i => Ns($"n{i}"))));

        var result = new ManifestLoader(new LoaderLimits { MaxObjects = 3 }).Load([file]);

        Assert.Equal(3, result.Objects.Count);
        Assert.Contains("more than 3 objects", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_and_merge_keys_are_errors_not_silent_choices()
    {
        var file = dir.Write("dup.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: dup}
            spec:
              securityContext:
                runAsNonRoot: true
                runAsNonRoot: false
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: merge}
            data:
              base: &base {a: "1"}
              merged:
                <<: *base
            """);

        var result = Load(file);

        Assert.Empty(result.Objects);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal((7, 5), (result.Errors[0].Line, result.Errors[0].Column));
        Assert.Contains("duplicate key 'runAsNonRoot'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("merge keys", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(15, result.Errors[1].Line);
    }

    [Fact]
    public void Unknown_and_self_referencing_aliases_are_errors()
    {
        var file = dir.Write("alias.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: *missing}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: &self {x: *self}\n");

        var result = Load(file);

        Assert.Empty(result.Objects);
        Assert.Contains("unknown anchor", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("contains it", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_floats_cannot_be_represented()
    {
        var result = Load(dir.Write("nan.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nvalue: .nan\n"));

        Assert.Contains("NaN or infinity", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(4, result.Errors[0].Line);
    }

    [Fact]
    public void Load_text_reads_in_memory_yaml()
    {
        var result = new ManifestLoader().LoadText("request", Ns("mem"));

        Assert.Equal("mem", Assert.Single(result.Objects).Name);
        Assert.Equal(new[] { "request" }, result.Inputs);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => new ManifestLoader().Load([dir.Write("c.yaml", Ns("c"))], ct: cts.Token));
    }

    [Fact]
    public void Large_yaml_streams_are_parsed_in_batches_without_mixing_up_objects_errors_or_lines()
    {
        // About 3 MiB of documents, so several batches; every 500th document is broken half-way through its
        // conversion (a duplicate key) and must leave no trace in the batch it was written into.
        var text = new System.Text.StringBuilder();
        var lines = new List<int>();
        var line = 1;
        for (var i = 0; i < 3000; i++)
        {
            var padding = string.Concat(Enumerable.Repeat("x", 900));
            var doc = i % 500 == 7
                ? $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  name: again\ndata:\n  pad: {padding}\n"
                : $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  pad: {padding}\n";
            if (i % 500 != 7)
            {
                lines.Add(line);
            }

            text.Append(doc).Append("---\n");
            line += doc.Count(c => c == '\n') + 1;
        }

        var result = Load(dir.Write("big.yaml", text.ToString()));

        Assert.Equal(6, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("duplicate key 'name'", e.Message, StringComparison.Ordinal));
        var expected = Enumerable.Range(0, 3000).Where(i => i % 500 != 7).Select(i => $"cm-{i}").ToArray();
        Assert.Equal(expected, result.Objects.Select(o => o.Name));
        Assert.Equal(lines, result.Objects.Select(o => o.Source!.Line));
        Assert.All(result.Objects, o => Assert.Equal(900, o.Json.GetProperty("data").GetProperty("pad").GetString()!.Length));
    }

    [Fact]
    public void A_json_list_item_larger_than_the_document_limit_is_an_error_and_the_others_load()
    {
        var big = new string('x', 5000);
        var file = dir.Write("big.json", "{\"kind\":\"List\",\"items\":[\n" +
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"small\"}},\n" +
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" + big + "\"}}\n]}");

        var result = new ManifestLoader(new LoaderLimits { MaxDocumentBytes = 4096 }).Load([file]);

        Assert.Equal("small", Assert.Single(result.Objects).Name);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("4 KiB document limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_kubectl_dump_keeps_every_item_line()
    {
        var json = new System.Text.StringBuilder("{\n  \"kind\": \"List\",\n  \"items\": [\n");
        for (var i = 0; i < 5000; i++)
        {
            json.Append(i == 0 ? string.Empty : ",\n").Append($"    {{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {{\"name\": \"c{i}\"}}, \"data\": {{\"ü\": \"{new string('y', 300)}\"}}}}");
        }

        json.Append("\n  ]\n}\n");

        var result = Load(dir.Write("dump.json", json.ToString()));

        Assert.Empty(result.Errors);
        Assert.Equal(5000, result.Objects.Count);
        Assert.Equal(Enumerable.Range(4, 5000), result.Objects.Select(o => o.Source!.Line));
        Assert.All(result.Objects, o => Assert.Equal(5, o.Source!.Column));
        Assert.Equal("c4999", result.Objects[^1].Name);
    }

    internal static string Ns(string name) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n";
}
