using System.Text.Json;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Privacy;

/// <summary>The counting variant of the redactor the PII backfill uses: the writer's rules, with values counted per top-level field.</summary>
public sealed class PiiRedactorCountingTests
{
    [Theory]
    [InlineData("""{"Contact":"jane.doe@example.com","Home":"rent"}""", "Contact")]
    [InlineData("""{"Tel":"+44 20 7946 0958","Home":"rent"}""", "Tel")]
    [InlineData("""{"Card":"4111 1111 1111 1111","Home":"rent"}""", "Card")]
    [InlineData("""{"CardNo":4111111111111111,"Home":"rent"}""", "CardNo")]
    [InlineData("""{"Account":"GB82 WEST 1234 5698 7654 32","Home":"rent"}""", "Account")]
    public void Redact_EachPattern_CountedUnderItsField(string json, string field)
    {
        var counts = new Dictionary<string, long>();
        var redacted = new PiiRedactor().Redact(json, counts);

        Assert.Equal(new Dictionary<string, long> { [field] = 1 }, counts);
        using var doc = JsonDocument.Parse(redacted);
        Assert.Equal(PiiRedactor.Redacted, doc.RootElement.GetProperty(field).GetString());
        Assert.Equal("rent", doc.RootElement.GetProperty("Home").GetString());
    }

    [Fact]
    public void Redact_ConfiguredField_CountedWhateverItsValue()
    {
        var counts = new Dictionary<string, long>();
        var redacted = new PiiRedactor(["name"]).Redact("""{"Name":"Jane","Age":41,"Home":"own"}""", counts);

        Assert.Equal(new Dictionary<string, long> { ["Name"] = 1 }, counts);
        Assert.Equal("""{"Name":"[REDACTED]","Age":41,"Home":"own"}""", redacted);
    }

    [Fact]
    public void Redact_NestedValues_CountedUnderTheTopLevelField()
    {
        var counts = new Dictionary<string, long>();
        var redacted = new PiiRedactor().Redact(
            """{"Payer":{"Iban":"GB82 WEST 1234 5698 7654 32","Cards":[4111111111111111,"x"],"Mail":{"to":"a@b.io"}},"Home":"rent"}""", counts);

        Assert.Equal(new Dictionary<string, long> { ["Payer"] = 3 }, counts);
        Assert.DoesNotContain("4111111111111111", redacted, StringComparison.Ordinal);
        Assert.Contains("\"x\"", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_NothingPersonal_SameStringNothingCounted()
    {
        var counts = new Dictionary<string, long>();
        const string json = """{"Amount":1234567,"Note":"paid in full","Due":"2026-01-31","Home":"rent","Income":120.5}""";

        Assert.Same(json, new PiiRedactor(["Name"]).Redact(json, counts));
        Assert.Empty(counts);
    }

    [Fact]
    public void Redact_AlreadyRedacted_SameStringNothingCounted()
    {
        var counts = new Dictionary<string, long>();
        const string json = """{"Name":"[REDACTED]","Email":"[REDACTED]","Home":"rent"}""";

        Assert.Same(json, new PiiRedactor(["Name"]).Redact(json, counts));
        Assert.Empty(counts);
    }

    [Fact]
    public void Redact_CountsAccumulateAcrossRows()
    {
        var redactor = new PiiRedactor(["Name"]);
        var counts = new Dictionary<string, long>();
        redactor.Redact("""{"Name":"Jane","Email":"jane@example.com"}""", counts);
        redactor.Redact("""{"Name":"John","Email":"plain"}""", counts);

        Assert.Equal(new Dictionary<string, long> { ["Name"] = 2, ["Email"] = 1 }, counts);
    }

    [Theory]
    [InlineData("""{"Name":"Jane","Email":"jane@example.com","Tel":"555-123-4567","Amount":4111111111111111,"Home":"own"}""")]
    [InlineData("""{"Payer":{"Cards":["4111 1111 1111 1111"]},"Home":"own"}""")]
    [InlineData("""{"Home":"own","Income":1.5}""")]
    public void Redact_Counting_SameOutputAsTheWritersRedact(string json)
    {
        var redactor = new PiiRedactor(["Name"]);

        Assert.Equal(redactor.Redact(json), redactor.Redact(json, new Dictionary<string, long>()));
    }

    [Fact]
    public void Redact_TruncatedJsonHoldingAnEmail_CountedAsTheWholeInputs()
    {
        var counts = new Dictionary<string, long>();
        var redacted = new PiiRedactor().Redact("{\"Contact\":\"jane@example.com\"", counts);

        Assert.Equal(JsonSerializer.Serialize(PiiRedactor.Redacted), redacted);
        Assert.Equal(new Dictionary<string, long> { [PiiRedactor.WholeInputs] = 1 }, counts);
    }
}
