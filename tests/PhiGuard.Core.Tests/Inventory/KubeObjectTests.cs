using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Inventory;

public sealed class KubeObjectTests
{
    [Fact]
    public void Object_without_name_is_rejected_with_reason()
    {
        using var doc = JsonDocument.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{}}""");
        var o = KubeObject.TryCreate(doc.RootElement, null, out var error);
        Assert.Null(o);
        Assert.Equal("not a Kubernetes object: missing metadata.name", error);
    }
}
