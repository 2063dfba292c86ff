using System.Text;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving;

public sealed class FeatureRowBinderTests
{
    private static readonly FeatureSchema Schema = new([
        new FeatureSpec("Age", ColumnType.Numeric, AllowMissing: true),
        new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent", FeatureSchema.MissingCategory]),
        new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
        new FeatureSpec("Income", ColumnType.Numeric),
    ]);

    private static readonly RowBindingPlan Plan = new(Schema);

    private static (bool Ok, ModelInput Row, Dictionary<string, string[]>? Errors) Bind(string json)
    {
        var row = ModelInput.For(Schema);
        Dictionary<string, string[]>? errors = null;
        var ok = FeatureRowBinder.TryBind(Plan, Encoding.UTF8.GetBytes(json), row, new bool[Schema.Features.Count], ref errors);
        return (ok, row, errors);
    }

    [Fact]
    public void TryBind_ValidRow_FillsNumericAndCategoricalSlots()
    {
        var (ok, row, errors) = Bind("""{"Income": 120.5, "Home": "rent", "Records": "YES", "Age": null}""");

        Assert.True(ok);
        Assert.Null(errors);
        Assert.Equal([float.NaN, 1f, 120.5f], row.Numeric);
        Assert.Same(Schema.Features[1].Categories![1], row.Categorical[0]);
    }

    [Fact]
    public void TryBind_EscapedNamesAndValues_AreReadUnescaped()
    {
        var (ok, row, _) = Bind("""{"\u0041ge": 30, "Home": "r\u0065nt", "Records": false, "Income": 1e2}""");

        Assert.True(ok);
        Assert.Equal([30f, 0f, 100f], row.Numeric);
        Assert.Equal("rent", row.Categorical[0]);
    }

    [Theory]
    [InlineData("\"castle\"")]
    [InlineData("12")]
    [InlineData("true")]
    public void TryBind_UnseenCategory_MapsToOther(string value)
    {
        var (ok, row, _) = Bind($$"""{"Age": 30, "Home": {{value}}, "Records": "no", "Income": 1}""");

        Assert.True(ok);
        Assert.Equal(FeatureSchema.OtherCategory, row.Categorical[0]);
    }

    [Fact]
    public void TryBind_LongCategory_IsComparedWhole()
    {
        var (ok, row, _) = Bind($$"""{"Age": 30, "Home": "{{new string('r', 5000)}}", "Records": "no", "Income": 1}""");

        Assert.True(ok);
        Assert.Equal(FeatureSchema.OtherCategory, row.Categorical[0]);
    }

    [Fact]
    public void TryBind_EveryKindOfBadField_NamesEachOne()
    {
        var (ok, _, errors) = Bind("""{"Age": "old", "Home": {"a": 1}, "Records": "maybe", "Shoe": [1, 2], "Income": null}""");

        Assert.False(ok);
        Assert.Equal("must be a number, not the text \"old\".", Assert.Single(errors!["Age"]));
        Assert.Equal("must be a text category, not an object.", Assert.Single(errors["Home"]));
        Assert.Equal("must be true, false, 'no' or 'yes', not the text \"maybe\".", Assert.Single(errors["Records"]));
        Assert.Equal("is not a feature of this model.", Assert.Single(errors["Shoe"]));
        Assert.Contains("null is not allowed", Assert.Single(errors["Income"]));
    }

    [Fact]
    public void TryBind_MissingFeatureAndNotAnObject_AreNamed()
    {
        var (ok, _, errors) = Bind("""{"Age": 30, "Home": "rent", "Records": "no"}""");
        Assert.False(ok);
        Assert.Equal("is missing.", Assert.Single(errors!["Income"]));

        (ok, _, errors) = Bind("[1, 2]");
        Assert.False(ok);
        Assert.True(errors!.ContainsKey("features"));
    }
}
