using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving;

public class FeatureValueEncoderTests
{
    private static readonly FeatureSpec Home = new("home", ColumnType.Categorical, ["owner", "rent", FeatureSchema.MissingCategory], true);
    private static readonly FeatureSpec Records = new("records", ColumnType.Boolean, ["no", "yes"], true);

    [Theory]
    [InlineData("1.5", 1.5f)]
    [InlineData("-2e3", -2000f)]
    [InlineData("42", 42f)]
    public void Numeric_InvariantNumber_Parsed(string raw, float expected) => Assert.Equal(expected, FeatureValueEncoder.Numeric(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("NaN")]
    public void Numeric_MissingOrNotANumber_NaN(string? raw) => Assert.True(float.IsNaN(FeatureValueEncoder.Numeric(raw)));

    [Fact]
    public void TryNumeric_NotANumber_False()
    {
        Assert.False(FeatureValueEncoder.TryNumeric("12abc", out _));
        Assert.True(FeatureValueEncoder.TryNumeric("12.25", out var value));
        Assert.Equal(12.25f, value);
    }

    [Theory]
    [InlineData("no", 0f)]
    [InlineData("YES", 1f)]
    [InlineData("Yes", 1f)]
    public void Boolean_Tokens_CaseInsensitive(string raw, float expected) => Assert.Equal(expected, FeatureValueEncoder.Boolean(Records, raw));

    [Theory]
    [InlineData(null)]
    [InlineData("maybe")]
    public void Boolean_MissingOrUnknown_NaN(string? raw) => Assert.True(float.IsNaN(FeatureValueEncoder.Boolean(Records, raw)));

    [Fact]
    public void Category_Known_Missing_Unseen()
    {
        Assert.Equal("rent", FeatureValueEncoder.Category(Home, "rent"));
        Assert.Equal(FeatureSchema.MissingCategory, FeatureValueEncoder.Category(Home, null));
        Assert.Equal(FeatureSchema.OtherCategory, FeatureValueEncoder.Category(Home, "castle"));
        Assert.Equal(FeatureSchema.OtherCategory, FeatureValueEncoder.Category(Home, "Rent"));
    }

    [Fact]
    public void Fill_MixedSchema_NumericAndBooleanInNumericVector_CategoricalInOrder()
    {
        var schema = new FeatureSchema([
            new FeatureSpec("age", ColumnType.Numeric),
            Home,
            Records,
            new FeatureSpec("job", ColumnType.Categorical, ["fixed"]),
            new FeatureSpec("income", ColumnType.Numeric, null, true),
        ]);
        string?[] raw = ["30", "castle", "yes", "fixed", null];
        var row = ModelInput.For(schema);

        FeatureValueEncoder.Fill(schema, i => raw[i], row);

        Assert.Equal(3, row.Numeric.Length);
        Assert.Equal(30f, row.Numeric[0]);
        Assert.Equal(1f, row.Numeric[1]);
        Assert.True(float.IsNaN(row.Numeric[2]));
        Assert.Equal([FeatureSchema.OtherCategory, "fixed"], row.Categorical);
    }
}
