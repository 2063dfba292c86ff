using System.Text.Json;
using Portal.Core.Serving;

namespace Portal.Tests.Core.Serving;

public sealed class PiiRedactorTests
{
    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("contact me at jane@example.co.uk please")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("(555) 123-4567")]
    [InlineData("555-123-4567")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111111111111111")]
    public void LooksPersonal_Pii_True(string text) => Assert.True(PiiRedactor.LooksPersonal(text));

    [Theory]
    [InlineData("owner")]
    [InlineData("12.3456")]
    [InlineData("2026-01-31")]
    [InlineData("1234567890123")]
    [InlineData("rent")]
    public void LooksPersonal_Ordinary_False(string text) => Assert.False(PiiRedactor.LooksPersonal(text));

    [Fact]
    public void Redact_ConfiguredFieldAndPatterns_ReplacedOthersKept()
    {
        var redactor = new PiiRedactor(["Name"]);
        var json = redactor.Redact("""{"Name":"Jane","Email":"jane@example.com","Home":"owner","Income":120.5,"Phone":"555-123-4567"}""");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(PiiRedactor.Redacted, root.GetProperty("Name").GetString());
        Assert.Equal(PiiRedactor.Redacted, root.GetProperty("Email").GetString());
        Assert.Equal(PiiRedactor.Redacted, root.GetProperty("Phone").GetString());
        Assert.Equal("owner", root.GetProperty("Home").GetString());
        Assert.Equal(120.5, root.GetProperty("Income").GetDouble());
    }

    [Fact]
    public void Redact_NothingPersonal_SameString()
    {
        const string json = """{"Home":"owner","Income":120.5}""";
        Assert.Same(json, new PiiRedactor().Redact(json));
    }

    [Fact]
    public void Redact_Record_InputsRedactedRestKept()
    {
        var record = new PredictionRecord(Guid.NewGuid(), "m", 1, null, """{"Email":"a@b.io"}""", "bad", 0.7, 1, DateTimeOffset.UnixEpoch);
        var redacted = new PiiRedactor().Redact(record);
        Assert.Contains(PiiRedactor.Redacted, redacted.InputsJson);
        Assert.Equal(record.Id, redacted.Id);
    }

    [Theory]
    [InlineData("""{"Contact":"jane\u0040example.com","Home":"owner"}""", "Contact")]
    [InlineData("""{"Home":"owner","Note":"call +44 20 7946 0958"}""", "Note")]
    [InlineData("""{"Card":"4111 1111 1111 1111"}""", "Card")]
    public void Redact_NoConfiguredFields_StillFindsPatternsInAnyString(string json, string field)
    {
        using var doc = JsonDocument.Parse(new PiiRedactor().Redact(json));
        Assert.Equal(PiiRedactor.Redacted, doc.RootElement.GetProperty(field).GetString());
    }

    [Fact]
    public void Redact_LongNumbersOutsideStrings_SameRecord()
    {
        var record = new PredictionRecord(Guid.NewGuid(), "m", 1, null, """{"Income": 123456789, "Assets": 1e12, "Home": "rent"}""", "bad", 0.7, 1, DateTimeOffset.UnixEpoch);
        Assert.Same(record, new PiiRedactor().Redact(record));
    }
}
