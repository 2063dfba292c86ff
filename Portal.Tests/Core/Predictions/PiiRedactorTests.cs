using System.Text.Json;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

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

    // The documented promise (README, "What the redactor promises"): one case per line of it.
    [Theory]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("card4111111111111111")]
    [InlineData("4111111111111111x")]
    [InlineData("no:5500 0000 0000 0004;")]
    [InlineData("378282246310005")]
    [InlineData("6011111111111117")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("iban:DE89370400440532013000")]
    [InlineData("refDE89370400440532013000")]
    [InlineData("pay to FR1420041010050500013M02606 now")]
    [InlineData("nl91abna0417164300")]
    [InlineData("NO9386011117947")]
    public void LooksPersonal_CardsAndIbans_True(string text) => Assert.True(PiiRedactor.LooksPersonal(text));

    [Theory]
    [InlineData("4111111111111112")]               // fails Luhn
    [InlineData("41111111111111110000")]           // 20 digits: longer than any card
    [InlineData("411111111111")]                   // 12 digits: shorter than any card
    [InlineData("GB82WEST12345698765433")]         // fails mod 97
    [InlineData("XX82WEST12345698765432")]         // no such country
    [InlineData("GB82WEST1234569876")]             // too short for GB
    [InlineData("ORDER-AB12CDEF34")]
    public void LooksPersonal_LookAlikes_False(string text) => Assert.False(PiiRedactor.LooksPersonal(text));

    [Theory]
    [InlineData("""{"Amount":4111111111111111}""", "Amount")]
    [InlineData("""{"Amount":-4111111111111111}""", "Amount")]
    [InlineData("""{"Amount":4111111111111111.0}""", "Amount")]
    [InlineData("""{"Home":"rent","Pan":5500000000000004}""", "Pan")]
    public void Redact_CardSentAsJsonNumber_Redacted(string json, string field)
    {
        using var doc = JsonDocument.Parse(new PiiRedactor().Redact(json));
        Assert.Equal(PiiRedactor.Redacted, doc.RootElement.GetProperty(field).GetString());
    }

    [Theory]
    [InlineData("""{"Amount":4111111111111112}""")]     // fails Luhn
    [InlineData("""{"Amount":4111111111111111.5}""")]   // a fraction: an amount, not a card
    [InlineData("""{"Amount":4.111111111111111e15}""")] // exponent form is not promised
    [InlineData("""{"Amount":1234567.89,"Id":123456789012}""")]
    public void Redact_OtherNumbers_SameString(string json) => Assert.Same(json, new PiiRedactor().Redact(json));

    [Fact]
    public void Redact_NestedObjectsAndArrays_RedactedAtAnyDepth()
    {
        var json = new PiiRedactor().Redact("""{"Payer":{"Iban":"GB82 WEST 1234 5698 7654 32","Cards":[4111111111111111,"x"]},"Home":"rent"}""");
        using var doc = JsonDocument.Parse(json);
        var payer = doc.RootElement.GetProperty("Payer");
        Assert.Equal(PiiRedactor.Redacted, payer.GetProperty("Iban").GetString());
        Assert.Equal(PiiRedactor.Redacted, payer.GetProperty("Cards")[0].GetString());
        Assert.Equal("x", payer.GetProperty("Cards")[1].GetString());
        Assert.Equal("rent", doc.RootElement.GetProperty("Home").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Redact_CardAsNumber_FoundByBothScans(bool withConfiguredFields)
    {
        var redactor = new PiiRedactor(withConfiguredFields ? ["Name"] : null);
        var record = new PredictionRecord(Guid.NewGuid(), "m", 1, null, """{"Amount":4111111111111111,"Home":"rent"}""", "bad", 0.7, 1, DateTimeOffset.UnixEpoch);
        Assert.Contains($"\"Amount\":\"{PiiRedactor.Redacted}\"", redactor.Redact(record).InputsJson);
    }
}
