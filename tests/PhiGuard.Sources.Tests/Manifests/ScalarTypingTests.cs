using System.Text.Json;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Tests.Manifests;

/// <summary>The YAML 1.1 typing Kubernetes applies (sigs.k8s.io/yaml on go-yaml v2), one row per rule.</summary>
public sealed class ScalarTypingTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("TRUE", "true")]
    [InlineData("yes", "true")]
    [InlineData("on", "true")]
    [InlineData("y", "true")]
    [InlineData("Off", "false")]
    [InlineData("NO", "false")]
    [InlineData("n", "false")]
    [InlineData("tRUE", "\"tRUE\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("'yes'", "\"yes\"")]
    [InlineData("null", "null")]
    [InlineData("~", "null")]
    [InlineData("", "null")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("+12", "12")]
    [InlineData("1_000", "1000")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("017", "15")]
    [InlineData("0b101", "5")]
    [InlineData("08", "8")]
    [InlineData("\"0755\"", "\"0755\"")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("1.5", "1.5")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e3", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("2001-12-14", "\"2001-12-14\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("yes please", "\"yes please\"")]
    [InlineData("8080/TCP", "\"8080/TCP\"")]
    [InlineData("!!str 123", "\"123\"")]
    [InlineData("!!str true", "\"true\"")]
    [InlineData("!!int \"42\"", "42")]
    [InlineData("!!float 1", "1")]
    [InlineData("!!bool 'yes'", "true")]
    [InlineData("!!null x", "null")]
    [InlineData("!custom foo", "\"foo\"")]
    [InlineData("! 12", "\"12\"")]
    [InlineData("|\n    line\n", "\"line\\n\"")]
    public void Scalar_resolves_like_kubernetes(string yaml, string expectedJson)
    {
        var result = new ManifestLoader().LoadText("t.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: t}}\nvalue: {yaml}\n");

        Assert.Empty(result.Errors);
        var value = Assert.Single(result.Objects).Json.GetProperty("value");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expectedJson).RootElement, value), $"{yaml} gave {value.GetRawText()}");
    }

    [Fact]
    public void A_tag_that_does_not_fit_the_value_is_an_error()
    {
        var result = new ManifestLoader().LoadText("t.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\nvalue: !!int abc\n");

        Assert.Contains("!!int", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_string_keys_become_their_text()
    {
        var result = new ManifestLoader().LoadText("t.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata:\n  yes: a\n  1: b\n  ~: c\n");

        var data = Assert.Single(result.Objects).Json.GetProperty("data");
        Assert.Equal(["true", "1", "null"], data.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("0777", true, 511L)]
    [InlineData("0x_ff", true, 255L)]
    [InlineData("+0b11", true, 3L)]
    [InlineData("12a", false, 0L)]
    [InlineData("-", false, 0L)]
    [InlineData("0b", false, 0L)]
    public void Go_integer_parsing(string text, bool ok, long expected)
    {
        Assert.Equal(ok, YamlScalars.TryParseGoInt(text, out var value, out _, out var unsigned));
        if (ok)
        {
            Assert.False(unsigned);
            Assert.Equal(expected, value);
        }
    }
}
