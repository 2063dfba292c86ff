using System.Text;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

/// <summary>The thresholds of the missing-value and class-imbalance warnings (README: Datasets).</summary>
public sealed class DatasetIssueThresholdTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(49, null)] // 4.9%: below "some"
    [InlineData(50, "some")] // 5%
    [InlineData(299, "some")] // 29.9%
    [InlineData(300, "many")] // 30%
    [InlineData(487, "many")] // 48.7%: the column the issue saw reported as "No issues"
    [InlineData(1000, null)] // empty: reported as "empty" by the profiler
    public void MissingValues_OfThousandRows_WarnsFromFivePercent(int missing, string? expected)
    {
        var issue = MissingValues.Issue("x", missing, 1000);

        if (expected is null) Assert.Null(issue);
        else Assert.StartsWith($"Column 'x' has {expected} missing values: {missing / 10.0:0.#}% missing ({missing} of 1,000 rows).", issue!.Message);
    }

    [Fact]
    public void Profile_ColumnHalfMissing_IsNotReportedAsClean()
    {
        var csv = new StringBuilder("a,b\n");
        for (var i = 0; i < 1000; i++) csv.Append(i % 3).Append(',').Append(i < 487 ? "" : (i % 7).ToString()).Append('\n');

        var profile = DatasetProfiler.Profile(CsvTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()))));

        var issue = Assert.Single(profile.Issues, i => i.Column == "b");
        Assert.Equal(DatasetIssue.Warning, issue.Severity);
        Assert.Contains("many missing values: 48.7% missing (487 of 1,000 rows)", issue.Message);
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(10, false)]
    [InlineData(50, false)]
    public void ClassBalance_BinaryColumn_WarnsBelowTenPercent(int minority, bool warns)
    {
        var counts = new Dictionary<string, int> { ["yes"] = minority, ["no"] = 100 - minority };

        var issue = ClassBalance.Issue("y", counts, null);

        Assert.Equal(warns, issue is not null);
        if (warns)
            Assert.Equal(
                $"Column 'y' is imbalanced: 'yes' is only {minority}% of the rows ({minority} of 100). If it is the label, accuracy is misleading: judge the model by AUC, precision and recall.",
                issue!.Message);
    }

    [Fact]
    public void Profile_LendingClub_WarnsThatClassIsImbalanced()
    {
        // 517 'bad' of 9,857 rows (Python csv + Counter over samples/lending_club.csv).
        using var file = File.OpenRead(TestPaths.Sample("lending_club.csv"));
        var profile = DatasetProfiler.Profile(CsvTableReader.Read(file));

        var issue = Assert.Single(profile.Issues, i => i.Column == "Class");
        Assert.StartsWith("Column 'Class' is imbalanced: 'bad' is only 5.2% of the rows (517 of 9,857).", issue.Message);
    }

    [Fact]
    public void LabelIssues_ThreeValuedLabelWithRarePositive_Warns_ButNotTwiceForAFlaggedColumn()
    {
        var csv = new StringBuilder("grade,flag\n");
        for (var i = 0; i < 100; i++) csv.Append(i < 6 ? "A" : i < 50 ? "B" : "C").Append(',').Append(i < 5 ? "1" : "0").Append('\n');
        var profile = DatasetProfiler.Profile(CsvTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()))));
        Assert.Null(profile.Issues.FirstOrDefault(i => i.Column == "grade"));
        Assert.Single(profile.Issues, i => i.Column == "flag");

        var issues = ClassBalance.LabelIssues(profile, [new DatasetUse("m", 1, "grade", "A"), new DatasetUse("m", 2, "grade", "A"), new DatasetUse("n", 1, "flag", "1")]);

        var issue = Assert.Single(issues);
        Assert.Equal("Column 'grade' is imbalanced: 'A' is only 6% of the rows (6 of 100). As the label, accuracy is misleading: judge the model by AUC, precision and recall.", issue.Message);
        Assert.Empty(ClassBalance.LabelIssues(profile, [new DatasetUse("m", 1, "grade", "B")]));
    }
}
