using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

public class SampleTypeInferenceTests
{
    [Theory]
    [InlineData("credit_data.csv", "Status", ColumnType.Categorical)]
    [InlineData("credit_data.csv", "Home", ColumnType.Categorical)]
    [InlineData("credit_data.csv", "Marital", ColumnType.Categorical)]
    [InlineData("credit_data.csv", "Job", ColumnType.Categorical)]
    [InlineData("credit_data.csv", "Age", ColumnType.Numeric)]
    [InlineData("credit_data.csv", "Income", ColumnType.Numeric)]
    [InlineData("credit_data.csv", "Records", ColumnType.Boolean)]
    [InlineData("customer_churn.csv", "international_plan", ColumnType.Boolean)]
    [InlineData("customer_churn.csv", "voice_mail_plan", ColumnType.Boolean)]
    [InlineData("customer_churn.csv", "churn", ColumnType.Boolean)]
    [InlineData("customer_churn.csv", "state", ColumnType.Categorical)]
    [InlineData("customer_churn.csv", "total_day_minutes", ColumnType.Numeric)]
    [InlineData("lending_club.csv", "term", ColumnType.Categorical)]
    [InlineData("lending_club.csv", "sub_grade", ColumnType.Categorical)]
    [InlineData("lending_club.csv", "int_rate", ColumnType.Numeric)]
    [InlineData("lending_club.csv", "Class", ColumnType.Categorical)]
    [InlineData("breast_cancer.csv", "mean_radius", ColumnType.Numeric)]
    [InlineData("breast_cancer.csv", "diagnosis", ColumnType.Categorical)]
    public void Infer_SampleColumn_HasExpectedType(string file, string column, ColumnType expected)
    {
        using var stream = File.OpenRead(TestPaths.Sample(file));
        var table = CsvTableReader.Read(stream);

        Assert.Equal(expected, ColumnTypeInference.Infer(table.Column(table.IndexOf(column))));
    }
}
