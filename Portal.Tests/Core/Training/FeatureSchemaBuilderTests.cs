using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public class FeatureSchemaBuilderTests
{
    [Fact]
    public void Build_CreditData_TypesAndCategoriesByFrequency()
    {
        var result = FeatureSchemaBuilder.Build(SampleTables.Sample("credit_data.csv"), "Status");
        var byName = result.Schema.Features.ToDictionary(f => f.Name);

        Assert.Empty(result.Excluded);
        Assert.Equal(
            ["Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"],
            result.Schema.Features.Select(f => f.Name));
        // Counts (pandas value_counts on credit_data.csv): Home owner 2107, rent 973, parents 783, other 319, priv 246, ignore 20, 6 missing.
        Assert.Equal(["owner", "rent", "parents", "other", "priv", "ignore", FeatureSchema.MissingCategory], byName["Home"].Categories);
        Assert.Equal(["married", "single", "separated", "widow", "divorced", FeatureSchema.MissingCategory], byName["Marital"].Categories);
        Assert.Equal(["fixed", "freelance", "partime", "others", FeatureSchema.MissingCategory], byName["Job"].Categories);
        Assert.Equal(ColumnType.Boolean, byName["Records"].Type);
        Assert.Equal(["no", "yes"], byName["Records"].Categories);
        Assert.False(byName["Records"].AllowMissing);
        Assert.Equal(ColumnType.Numeric, byName["Income"].Type);
        Assert.True(byName["Income"].AllowMissing);
        Assert.False(byName["Seniority"].AllowMissing);
        Assert.Equal(10, result.Schema.NumericCount); // 9 numeric + Records (boolean, 0/1)
        Assert.Equal(3, result.Schema.CategoricalCount);
    }

    [Fact]
    public void Build_TextColumn_ExcludedWithReason()
    {
        var table = SampleTables.FromText("name,size,y\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"customer {i},{i % 5},{(i % 2 == 0 ? "a" : "b")}\n")));

        var result = FeatureSchemaBuilder.Build(table, "y");

        Assert.Equal(["size"], result.Schema.Features.Select(f => f.Name));
        Assert.Equal("name: free text (300 distinct values in 300 rows)", Assert.Single(result.Excluded));
    }

    [Fact]
    public void Build_ManyCategories_KeepsMostFrequentThenOther_TiesOrdinal()
    {
        // 60 categories over 1200 rows: "c00".."c09" three times as frequent as the rest, which tie.
        var values = Enumerable.Range(0, 60).SelectMany(k => Enumerable.Repeat($"c{k:00}", k < 10 ? 45 : 18)).ToList();
        var table = SampleTables.FromText("cat,y\n" + string.Concat(values.Select((v, i) => $"{v},{(i % 2 == 0 ? "a" : "b")}\n")) + ",a\n");

        var categories = FeatureSchemaBuilder.Build(table, "y").Schema.Features.Single().Categories!;

        Assert.Equal(FeatureSchemaBuilder.MaxCategories + 2, categories.Count);
        Assert.Equal(Enumerable.Range(0, FeatureSchemaBuilder.MaxCategories).Select(k => $"c{k:00}"), categories.Take(FeatureSchemaBuilder.MaxCategories));
        Assert.Equal([FeatureSchema.MissingCategory, FeatureSchema.OtherCategory], categories.Skip(FeatureSchemaBuilder.MaxCategories));
    }
}
