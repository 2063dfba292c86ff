using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Training;

namespace Portal.Tests.Core.Drift;

public sealed class DriftReferenceProfileBuilderTests
{
    private static CsvTable Table() => new(
        ["Status", "Age", "Home", "Records"],
        [
            ["good", "30", "rent", "no"],
            ["bad", "50", "owner", "Yes"],
            ["good", null, "rent", "yes"],
            ["good", "40", null, "no"],
        ],
        [2, 3, 4, 5]);

    private static readonly FeatureSchema Schema = new([
        new FeatureSpec("Age", ColumnType.Numeric, AllowMissing: true),
        new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent"]),
        new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
    ]);

    [Fact]
    public void Build_NumericFeature_SortsValuesAndDropsMissing()
    {
        var reference = ReferenceProfileBuilder.Build(Table(), Schema);

        var age = reference.Profiles[0];
        Assert.Equal(FeatureTypes.Numeric, age.Type);
        Assert.Equal([30, 40, 50], age.SortedValues);
        Assert.Equal(40, age.Mean, 12);
        Assert.Equal(4, reference.Rows);
    }

    [Fact]
    public void Build_CategoricalFeature_CountsCategoriesWithoutMissing()
    {
        var home = ReferenceProfileBuilder.Build(Table(), Schema).Profiles[1];

        Assert.Equal(FeatureTypes.Categorical, home.Type);
        Assert.Equal(3, home.Rows);
        Assert.Equal(2, home.CategoryCounts["rent"]);
        Assert.Equal(1, home.CategoryCounts["owner"]);
    }

    [Fact]
    public void Build_BooleanFeature_IsCategoricalWithSchemaTokens()
    {
        var records = ReferenceProfileBuilder.Build(Table(), Schema).Profiles[2];

        Assert.Equal(FeatureTypes.Categorical, records.Type);
        Assert.Equal(2, records.CategoryCounts["yes"]);
        Assert.Equal(2, records.CategoryCounts["no"]);
        Assert.False(records.CategoryCounts.ContainsKey("Yes"));
    }

    [Fact]
    public void Build_FeatureMissingFromTable_Throws()
    {
        var schema = new FeatureSchema([new FeatureSpec("Income", ColumnType.Numeric)]);

        Assert.ThrowsAny<Exception>(() => ReferenceProfileBuilder.Build(Table(), schema));
    }

    [Fact]
    public void Compute_SameDataAsReference_NoFeatureDrifted()
    {
        var reference = ReferenceProfileBuilder.Build(Table(), Schema);
        var inputs = new[]
        {
            """{"Age":30,"Home":"rent","Records":"no"}""", """{"Age":50,"Home":"owner","Records":"yes"}""",
            """{"Age":null,"Home":"rent","Records":"yes"}""", """{"Age":40,"Home":null,"Records":"no"}""",
        };

        var report = DriftService.Compute(reference, DriftInputParser.Parse(inputs, Schema));

        Assert.Equal(3, report.Features.Count);
        Assert.All(report.Features, f => Assert.False(f.Drifted, f.Name));
        Assert.Equal(3, report.Histograms.Count);
        Assert.Equal(DriftHistograms.NumericBins, report.Histograms[0].Bins.Count);
        Assert.Equal(1.0, report.Histograms[0].Current.Sum(), 9);
    }
}
