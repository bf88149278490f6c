using System.Buffers;
using System.Text;
using System.Text.Json;
using PhiGuard.Sources.Live;

namespace PhiGuard.Sources.Tests.Live;

public sealed class ObjectRedactorTests
{
    [Fact]
    public void Sets_apiVersion_and_kind_from_the_list_over_what_the_item_says()
    {
        var (json, dropped) = Rewrite("""{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":{"name":"x"}}""", "v1", "Secret", isSecret: true);

        Assert.Equal("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""", json);
        Assert.False(dropped);
    }

    [Fact]
    public void Keeps_non_secret_objects_whole_except_managed_fields()
    {
        var (json, dropped) = Rewrite(
            """{"metadata":{"name":"x","managedFields":[{"manager":"m"}],"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},"data":{"k":"v"}}""",
            "v1",
            "ConfigMap",
            isSecret: false);

        Assert.Equal(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},"data":{"k":"v"}}""",
            json);
        Assert.False(dropped);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"x"},"data":{"k":"dg=="}}""", true)]
    [InlineData("""{"metadata":{"name":"x"},"stringData":{"k":"v"}}""", true)]
    [InlineData("""{"metadata":{"name":"x"},"somethingNew":"v"}""", true)]
    [InlineData("""{"metadata":{"name":"x"},"data":null}""", false)]
    [InlineData("""{"metadata":{"name":"x"},"type":"Opaque","immutable":true}""", false)]
    public void Keeps_only_value_free_fields_of_a_secret(string item, bool expectDropped)
    {
        var (json, dropped) = Rewrite(item, "v1", "Secret", isSecret: true);

        Assert.Equal(expectDropped, dropped);
        using var doc = JsonDocument.Parse(json);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.All(names, n => Assert.Contains(n, new[] { "apiVersion", "kind", "metadata", "type", "immutable" }));
    }

    private static (string Json, bool Dropped) Rewrite(string item, string apiVersion, string kind, bool isSecret)
    {
        using var doc = JsonDocument.Parse(item);
        var buffer = new ArrayBufferWriter<byte>();
        bool dropped;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            dropped = ObjectRedactor.Write(writer, doc.RootElement, apiVersion, kind, isSecret);
        }

        return (Encoding.UTF8.GetString(buffer.WrittenSpan), dropped);
    }
}
