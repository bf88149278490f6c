using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Inventory;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["app"] = "records",
        ["tier"] = "backend",
        ["phiguard.io/phi"] = "true",
    };

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"matchLabels":{}}""", true)]
    [InlineData("""{"matchLabels":{"app":"records"}}""", true)]
    [InlineData("""{"matchLabels":{"app":"records","tier":"frontend"}}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"In","values":["backend","db"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"In","values":["db"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"NotIn","values":["frontend"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"NotIn","values":["x"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"NotIn","values":["backend"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"phiguard.io/phi","operator":"Exists"}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"Exists"}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"DoesNotExist"}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"DoesNotExist"}]}""", false)]
    [InlineData("""{"matchLabels":{"app":"records"},"matchExpressions":[{"key":"tier","operator":"In","values":["db"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"Matches","values":["rec*"]}]}""", false)]
    public void Selector_matches_as_the_api_server_does(string json, bool expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, LabelSelector.Parse(doc.RootElement).Matches(Labels));
    }

    [Fact]
    public void Absent_and_empty_selectors_select_everything()
    {
        using var doc = JsonDocument.Parse("{}");
        Assert.True(LabelSelector.Parse(null).IsEmpty);
        Assert.True(LabelSelector.Parse(doc.RootElement).IsEmpty);
        Assert.True(LabelSelector.Parse(doc.RootElement).Matches(new Dictionary<string, string>()));
    }

    [Fact]
    public void Unknown_operator_matches_nothing()
    {
        using var doc = JsonDocument.Parse("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""");
        var s = LabelSelector.Parse(doc.RootElement);
        Assert.True(s.MatchesNothing);
        Assert.False(s.IsEmpty);
        Assert.False(s.Matches(new Dictionary<string, string>()));
    }
}
