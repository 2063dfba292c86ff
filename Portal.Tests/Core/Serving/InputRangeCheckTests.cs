using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving;

public sealed class InputRangeCheckTests
{
    private static readonly FeatureSchema Schema = new([
        new FeatureSpec("glucose", ColumnType.Numeric, AllowMissing: true, Range: new FeatureRange(0, 199, 120, 32, 768)),
        new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent"]),
        new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
        new FeatureSpec("age", ColumnType.Numeric, Range: new FeatureRange(21, 81, 33, 11, 768)),
        new FeatureSpec("legacy", ColumnType.Numeric),
    ]);

    private static readonly InputRangeCheck Check = new(new RowBindingPlan(Schema));

    private static ModelInput Row(float glucose, float age, float legacy = 5)
    {
        var row = ModelInput.For(Schema);
        row.Numeric[0] = glucose;
        row.Numeric[1] = 1; // Records: a boolean is never range-checked
        row.Numeric[2] = age;
        row.Numeric[3] = legacy;
        row.Categorical[0] = "rent";
        return row;
    }

    [Theory]
    [InlineData(0f, 21f)]
    [InlineData(199f, 81f)]
    [InlineData(210f, 15f)] // a little past the edges (within 10% of the span) is ordinary
    [InlineData(float.NaN, 40f)] // a missing value is never out of range
    public void Check_ValuesWithinTheMargin_GiveNoWarnings(float glucose, float age) =>
        Assert.Null(Check.Check(Row(glucose, age)));

    [Fact]
    public void Check_FarOutside_WarnsWithTheFeatureValueAndRange()
    {
        var warnings = Check.Check(Row(-500, 40, legacy: 1e9f));

        var w = Assert.Single(warnings!);
        Assert.Equal("glucose", w.Feature);
        Assert.Equal(-500, w.Value);
        Assert.Equal(0, w.Min);
        Assert.Equal(199, w.Max);
        Assert.Contains("far outside the training range 0 to 199", w.Message);
    }

    [Fact]
    public void Check_TwoFeaturesOut_WarnsForEachAndReportsTheValueAsSent()
    {
        var warnings = Check.Check(Row(230.1f, 0.1f));

        Assert.Equal(["glucose", "age"], warnings!.Select(w => w.Feature));
        Assert.Equal(230.1, warnings![0].Value);
        Assert.Equal(0.1, warnings[1].Value);
    }

    [Fact]
    public void Check_UnknownCategory_WarnsNamingTheFeatureAndTheValueAsSent()
    {
        var row = Row(100, 40);
        row.Categorical[0] = FeatureSchema.OtherCategory; // what the binder makes of a value the schema does not know

        var w = Assert.Single(Check.Check(row, """{"glucose":100,"Home":"castle","Records":"yes","age":40,"legacy":5}"""u8)!);

        Assert.Equal("Home", w.Feature);
        Assert.Equal("castle", w.Category);
        Assert.Equal(InputWarnings.UnknownCategory, w.Kind);
        Assert.Null(w.Value);
        Assert.Equal("Home = \"castle\" is not a category the model was trained on (owner, rent); the prediction may be unreliable.", w.Message);
    }

    [Fact]
    public void Check_UnknownCategorySentAsANumber_NamesItsJsonText()
    {
        var row = Row(100, 40);
        row.Categorical[0] = FeatureSchema.OtherCategory;

        Assert.Equal("3", Assert.Single(Check.Check(row, """{"Home":3}"""u8)!).Category);
    }

    [Fact]
    public void Check_KnownOrMissingCategory_GivesNoWarning()
    {
        var row = Row(100, 40);
        Assert.Null(Check.Check(row, """{"Home":"rent"}"""u8));
        row.Categorical[0] = FeatureSchema.MissingCategory;
        Assert.Null(Check.Check(row, """{"Home":null}"""u8));
    }

    [Fact]
    public void Check_CategoriesCutAtTheCap_GiveNoWarning()
    {
        // Training grouped rare categories as "other": an unlisted value may be one of them, and the model learned the group.
        var capped = new FeatureSchema([new FeatureSpec("Job", ColumnType.Categorical, ["fixed", "partime", FeatureSchema.OtherCategory])]);
        var check = new InputRangeCheck(new RowBindingPlan(capped));
        var row = ModelInput.For(capped);
        row.Categorical[0] = FeatureSchema.OtherCategory;

        Assert.False(check.HasChecks);
        Assert.Null(check.Check(row, """{"Job":"astronaut"}"""u8));
    }

    [Fact]
    public void UnknownCategory_ManyCategories_ListsFiveAndCountsTheRest_AndTruncatesALongValue()
    {
        var spec = new FeatureSpec("State", ColumnType.Categorical, ["a", "b", "c", "d", "e", "f", "g", FeatureSchema.MissingCategory]);

        var w = InputRangeCheck.UnknownCategory(spec, new string('x', 500));

        Assert.Contains("(a, b, c, d, e and 2 more)", w.Message);
        Assert.Equal(63, w.Category!.Length);
    }

    [Fact]
    public void HasRanges_IsFalseForAVersionTrainedBeforeRangesWereKept()
    {
        var old = new FeatureSchema([new FeatureSpec("legacy", ColumnType.Numeric)]);
        Assert.False(new InputRangeCheck(new RowBindingPlan(old)).HasRanges);
        Assert.False(new InputRangeCheck(new RowBindingPlan(old)).HasChecks);
        Assert.True(Check.HasRanges);
    }
}
