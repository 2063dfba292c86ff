using System.Text;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

public class DatasetProfilerTests
{
    // Reference values below were printed by tools/reference/profile_reference.py (pandas 1.5.3, numpy 1.24.2):
    // pandas describe() for mean/std (ddof=1), numpy.quantile (linear) and numpy.histogram.
    private const double Tolerance = 1e-9;

    [Fact]
    public void Profile_CreditDataIncome_MatchesPandas()
    {
        var profile = DatasetProfiler.Profile(ReadSample("credit_data.csv"));
        var income = profile.Find("Income")!;

        Assert.Equal(4454, profile.Rows);
        Assert.Equal(ColumnType.Numeric, income.Type);
        Assert.Equal(381, income.Missing);
        Assert.Equal(351, income.Distinct);
        Assert.Null(income.TopCategories);
        var s = income.Numeric!;
        Assert.Equal(6.0, s.Min);
        Assert.Equal(959.0, s.Max);
        Assert.Equal(141.68769948440953, s.Mean, Tolerance);
        Assert.Equal(80.74839764013873, s.Std, Tolerance);
        Assert.Equal([56.0, 90.0, 125.0, 170.0, 292.0], new[] { s.P5, s.P25, s.P50, s.P75, s.P95 });
        Assert.Equal([177, 1210, 1226, 745, 360, 149, 94, 39, 29, 16, 12, 5, 1, 1, 4, 0, 1, 2, 1, 1], income.Histogram!.Counts);
        Assert.Equal(21, income.Histogram.Edges.Length);
        Assert.Equal(53.65, income.Histogram.Edges[1], Tolerance);
        Assert.Equal(959.0, income.Histogram.Edges[^1]);
    }

    [Fact]
    public void Profile_CreditDataAge_MatchesPandas()
    {
        var age = DatasetProfiler.Profile(ReadSample("credit_data.csv")).Find("Age")!;

        Assert.Equal(0, age.Missing);
        Assert.Equal(50, age.Distinct);
        Assert.Equal(37.08037718904356, age.Numeric!.Mean, Tolerance);
        Assert.Equal(10.98459841859357, age.Numeric.Std, Tolerance);
        Assert.Equal([22.0, 28.0, 36.0, 45.0, 57.0], new[] { age.Numeric.P5, age.Numeric.P25, age.Numeric.P50, age.Numeric.P75, age.Numeric.P95 });
        Assert.Equal([85, 195, 422, 316, 465, 312, 416, 289, 400, 227, 259, 186, 231, 165, 193, 79, 108, 47, 48, 11], age.Histogram!.Counts);
    }

    [Fact]
    public void Profile_BreastCancerMeanRadius_InterpolatesQuantilesAsNumpy()
    {
        var radius = DatasetProfiler.Profile(ReadSample("breast_cancer.csv")).Find("mean_radius")!;
        var s = radius.Numeric!;

        Assert.Equal(456, radius.Distinct);
        Assert.Equal(14.127291739894552, s.Mean, Tolerance);
        Assert.Equal(3.524048826212078, s.Std, Tolerance);
        Assert.Equal(9.5292, s.P5, Tolerance);
        Assert.Equal(11.7, s.P25, Tolerance);
        Assert.Equal(13.37, s.P50, Tolerance);
        Assert.Equal(15.78, s.P75, Tolerance);
        Assert.Equal(20.576, s.P95, Tolerance);
        Assert.Equal([4, 15, 31, 48, 93, 92, 71, 58, 32, 23, 22, 28, 27, 11, 2, 5, 2, 2, 0, 3], radius.Histogram!.Counts);
    }

    [Fact]
    public void Profile_CreditData_FindsDuplicateRowsAndSomeMissingIncome()
    {
        var profile = DatasetProfiler.Profile(ReadSample("credit_data.csv"));

        // pandas: credit_data.duplicated().sum() == 2; Income is 8.6% missing (383 of 4,454), the only column over 5%.
        var issue = Assert.Single(profile.Issues, i => i.Column is null);
        Assert.Null(issue.Column);
        Assert.Equal("2 rows are exact duplicates of an earlier row.", issue.Message);
        var income = Assert.Single(profile.Issues, i => i.Column is not null);
        Assert.Equal("Income", income.Column);
        Assert.StartsWith("Column 'Income' has some missing values: 8.6% missing (381 of 4,454 rows).", income.Message);
    }

    [Fact]
    public void Profile_CategoricalColumn_TopCategoriesByCountThenOrdinal()
    {
        var profile = Profile("x\nc\nb\na\nb\nc\nB\nd\n\n\"\"\n");
        var column = profile.Columns[0];

        Assert.Equal(ColumnType.Categorical, column.Type);
        Assert.Equal(1, column.Missing);
        Assert.Equal(5, column.Distinct);
        Assert.Null(column.Numeric);
        Assert.Null(column.Histogram);
        Assert.Equal(
            [new("b", 2), new("c", 2), new("B", 1), new("a", 1), new("d", 1)],
            column.TopCategories!);
    }

    [Fact]
    public void Profile_ManyCategories_KeepsTwentyMostFrequent()
    {
        var csv = new StringBuilder("x\n");
        for (var i = 0; i < 30; i++)
            for (var k = 0; k <= i; k++) csv.Append($"v{i:00}\n");

        var column = Profile(csv.ToString()).Columns[0];

        Assert.Equal(20, column.TopCategories!.Count);
        Assert.Equal(new CategoryCount("v29", 30), column.TopCategories[0]);
        Assert.Equal(new CategoryCount("v10", 11), column.TopCategories[^1]);
    }

    [Fact]
    public void Profile_FewDistinctNumbers_OneBinPerValue()
    {
        var column = Profile("n\n0\n1\n1\n2\n3\n3\n3\n").Columns[0];

        Assert.Equal([0.0, 0.75, 1.5, 2.25, 3.0], column.Histogram!.Edges);
        Assert.Equal([1, 2, 1, 3], column.Histogram.Counts);
    }

    [Fact]
    public void Profile_ConstantNumericColumn_OneBinAndIssue()
    {
        var profile = Profile("k,v\n7,1\n7,2\n7,3\n");
        var column = profile.Columns[0];

        Assert.Equal([6.5, 7.5], column.Histogram!.Edges);
        Assert.Equal([3], column.Histogram.Counts);
        Assert.Equal(0, column.Numeric!.Std);
        var issue = Assert.Single(profile.Issues, i => i.Column == "k");
        Assert.Equal(DatasetIssue.Warning, issue.Severity);
        Assert.Equal("Column 'k' has the same value '7' in every row; it carries no information.", issue.Message);
    }

    [Fact]
    public void Profile_AllMissingColumn_ReportsEmpty()
    {
        var profile = Profile("a,b\n1,\n2,\n");

        Assert.Equal(2, profile.Columns[1].Missing);
        Assert.Equal(0, profile.Columns[1].Distinct);
        Assert.Equal("Column 'b' is empty: every value is missing.", Assert.Single(profile.Issues, i => i.Column == "b").Message);
    }

    [Fact]
    public void Profile_MostlyMissingColumn_ReportsShare()
    {
        var profile = Profile("a,b\n1,x\n2,\n3,\n4,y\n5,\n6,x\n7,\n8,\n");

        Assert.StartsWith("Column 'b' has many missing values: 62.5% missing (5 of 8 rows).", Assert.Single(profile.Issues, i => i.Column == "b").Message);
    }

    [Fact]
    public void Profile_FreeTextColumn_ReportsNotUsed()
    {
        var csv = new StringBuilder("k,comment\n");
        for (var i = 0; i < 60; i++) csv.Append($"{i % 3},note number {i % 55}\n");

        var profile = Profile(csv.ToString());

        Assert.Equal(ColumnType.Text, profile.Find("comment")!.Type);
        Assert.NotNull(profile.Find("comment")!.TopCategories);
        Assert.Equal(
            "Column 'comment' looks like free text (55 distinct values); it is not used as a model feature.",
            Assert.Single(profile.Issues, i => i.Column == "comment").Message);
    }

    [Fact]
    public void Profile_CategoricalOverFifty_ReportsOtherBucket()
    {
        var csv = new StringBuilder("city\n");
        for (var i = 0; i < 600; i++) csv.Append($"c{i % 60}\n");

        var profile = Profile(csv.ToString());

        Assert.Equal(ColumnType.Categorical, profile.Columns[0].Type);
        Assert.Equal(
            "Column 'city' has 60 categories; the model keeps the 50 most frequent and the rest count as one 'other' category.",
            Assert.Single(profile.Issues, i => i.Column is not null).Message);
    }

    [Fact]
    public void Profile_DistinctStrings_ReportsIdentifier()
    {
        var profile = Profile("id,y\nA-1,0\nA-2,1\nA-3,0\nA-4,1\n");

        Assert.Equal(
            "Column 'id' looks like an identifier (distinct in every row); exclude it from the model's features.",
            Assert.Single(profile.Issues, i => i.Column is not null).Message);
    }

    [Fact]
    public void Profile_IntegerSequence_ReportsIdentifier()
    {
        var profile = Profile("row,x\n3,0.5\n1,0.25\n2,0.75\n4,1.5\n");

        Assert.Equal(
            "Column 'row' looks like an identifier (a sequence of distinct integers); exclude it from the model's features.",
            Assert.Single(profile.Issues, i => i.Column is not null).Message);
    }

    [Fact]
    public void Profile_MostlyNumericColumn_QuotesFirstBadValueAndLine()
    {
        var csv = new StringBuilder("amount\n");
        for (var i = 0; i < 10; i++) csv.Append($"{i % 4}.5\n");
        csv.Append("abc\n"); // line 12
        for (var i = 0; i < 8; i++) csv.Append($"{i % 3}\n");
        csv.Append("n/a\n");

        var profile = Profile(csv.ToString());

        Assert.Equal(ColumnType.Categorical, profile.Columns[0].Type);
        Assert.Equal(
            "Column 'amount' looks numeric but 2 values are not numbers (first: 'abc' at line 12); it is treated as categorical. " +
            "Fix or blank those values to use it as a number.",
            Assert.Single(profile.Issues, i => i.Column is not null).Message);
    }

    [Fact]
    public void Profile_DuplicateRows_CountsRepeats()
    {
        var profile = Profile("a,b\n1,x\n2,\n1,x\n2,\n1,x\n3,y\n");

        Assert.Equal("3 rows are exact duplicates of an earlier row.", Assert.Single(profile.Issues, i => i.Column is null).Message);
    }

    [Fact]
    public void Profile_CleanTable_HasNoIssues()
    {
        var profile = Profile("age,home,y\n30,rent,yes\n41,own,no\n30,rent,no\n55,own,yes\n");

        Assert.Empty(profile.Issues);
        Assert.Equal(ColumnType.Boolean, profile.Find("y")!.Type);
        Assert.Equal(2, profile.Find("y")!.TopCategories!.Count);
    }

    private static DatasetProfile Profile(string csv) =>
        DatasetProfiler.Profile(CsvTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv))));

    private static CsvTable ReadSample(string file)
    {
        using var stream = File.OpenRead(TestPaths.Sample(file));
        return CsvTableReader.Read(stream);
    }
}
