using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Drift;

public sealed class DriftReferenceProfileBuilderTests
{
    private static MemoryStream Table() => Csv("Status,Age,Home,Records\ngood,30,rent,no\nbad,50,owner,Yes\ngood,,rent,yes\ngood,40,,no\n");

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

    [Fact]
    public void Build_EverySampleDataset_EqualsTheWholeTableProfile()
    {
        foreach (var (file, label) in SampleDatasets.Labelled)
        {
            var table = SampleTables.Sample(file);
            var schema = FeatureSchemaBuilder.Build(table, label).Schema;
            using var stream = File.OpenRead(TestPaths.Sample(file));

            var reference = ReferenceProfileBuilder.Build(stream, schema);

            AssertSame(WholeTable(table, schema, Enumerable.Range(0, table.RowCount)), reference, file);
        }
    }

    [Fact]
    public void Build_MoreRowsThanTheCap_ProfilesTheRowsWithTheSmallestSampleKeys()
    {
        var table = SampleTables.Sample("credit_data.csv");
        var schema = FeatureSchemaBuilder.Build(table, "Status").Schema;
        using var stream = File.OpenRead(TestPaths.Sample("credit_data.csv"));

        var reference = ReferenceProfileBuilder.Build(stream, schema, maxRows: 500);

        var sample = Enumerable.Range(0, table.RowCount).OrderBy(r => DataSplit.Key(ReferenceProfileBuilder.SampleSeed, r)).Take(500).Order();
        Assert.Equal(500, reference.Rows);
        AssertSame(WholeTable(table, schema, sample), reference, "credit_data.csv");
    }

    private static MemoryStream Csv(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The reference as it was built before files were streamed: every given row of the whole table, column by column.</summary>
    private static DriftReference WholeTable(CsvTable table, FeatureSchema schema, IEnumerable<int> rows)
    {
        var picked = rows.ToArray();
        var profiles = schema.Features.Select(spec =>
        {
            var column = table.IndexOf(spec.Name);
            return DriftFeatureValues.TypeOf(spec) == FeatureTypes.Numeric
                ? ReferenceProfile.Numeric(spec.Name, picked.Select(r => DriftFeatureValues.Number(table.Rows[r][column])).ToArray())
                : ReferenceProfile.Categorical(spec.Name, picked.Select(r => DriftFeatureValues.Category(spec, table.Rows[r][column])).ToArray());
        }).ToList();
        return new DriftReference(schema, picked.Length, profiles);
    }

    private static void AssertSame(DriftReference expected, DriftReference actual, string file)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Profiles.Count, actual.Profiles.Count);
        for (var i = 0; i < expected.Profiles.Count; i++)
        {
            ReferenceProfile e = expected.Profiles[i], a = actual.Profiles[i];
            var what = $"{file} {e.Name}";
            Assert.True((e.Name, e.Type, e.Rows, e.DistinctValues) == (a.Name, a.Type, a.Rows, a.DistinctValues), what);
            Assert.True(e.SortedValues.AsSpan().SequenceEqual(a.SortedValues), what);
            // Ordered by category: drift reads the counts by key and breaks ties by key, never by the dictionary's order.
            Assert.True(e.CategoryCounts.OrderBy(c => c.Key, StringComparer.Ordinal).SequenceEqual(a.CategoryCounts.OrderBy(c => c.Key, StringComparer.Ordinal)), what);
            Assert.True(e.Mean.Equals(a.Mean) && e.StdDev.Equals(a.StdDev), what);
        }
    }
}
