using System.Text;
using Portal.Core.Serving;

namespace Portal.Tests.Core.Serving;

public sealed class PredictRequestBodyTests
{
    [Fact]
    public void TryLocate_FeaturesObject_GivesItsExactBytes()
    {
        var body = Encoding.UTF8.GetBytes("""{"model": "x", "features": {"a": [1, {"b": 2}], "c": "d"} }""");

        Assert.True(PredictRequestBody.TryLocate(body, out var located, out _));

        Assert.Null(located.Instances);
        Assert.Equal("""{"a": [1, {"b": 2}], "c": "d"}""", Encoding.UTF8.GetString(body[located.Features!.Value]));
    }

    [Fact]
    public void TryLocate_InstancesArray_SplitsIntoElements()
    {
        var body = Encoding.UTF8.GetBytes("""{"instances": [{"a": 1}, {"a": [2]}, 3]}""");

        Assert.True(PredictRequestBody.TryLocate(body, out var located, out _));
        var instances = body[located.Instances!.Value];
        var elements = PredictRequestBody.Elements(instances)!;

        Assert.Equal(["""{"a": 1}""", """{"a": [2]}""", "3"], elements.Select(r => Encoding.UTF8.GetString(instances[r])));
    }

    [Theory]
    [InlineData("{\"features\": {\"a\": 1}} trailing")]
    [InlineData("{\"features\": {\"a\": 1}")]
    [InlineData("")]
    [InlineData("{\"features\": {\"a\": 1,}}")]
    public void TryLocate_InvalidJson_FailsWithAMessage(string text)
    {
        Assert.False(PredictRequestBody.TryLocate(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Elements_NotAnArray_IsNull() => Assert.Null(PredictRequestBody.Elements("""{"a": 1}"""u8));
}
