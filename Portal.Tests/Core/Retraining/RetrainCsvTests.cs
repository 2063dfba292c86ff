using System.Text;
using Portal.Core.Retraining;

namespace Portal.Tests.Core.Retraining;

public sealed class RetrainCsvTests
{
    [Fact]
    public async Task WriteAsync_AppendedDataset_HeaderColumnsInOrderThenItsRowsThenTheSpooledOnes()
    {
        // The dataset has an extra column and another order; a missing value stays empty and a comma is quoted.
        var source = Csv("id,y,x,note\n1,yes,\"2,5\",a\n2,no,,b\n");
        var spooled = Csv("7,no\r\n");
        var output = new MemoryStream();

        var appended = await RetrainCsv.WriteAsync(output, ["x", "y"], source, "old", spooled, CancellationToken.None);

        Assert.Equal(2, appended);
        Assert.Equal("x,y\r\n\"2,5\",yes\r\n,no\r\n7,no\r\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task WriteAsync_NoDataset_HeaderThenTheSpooledRows()
    {
        var output = new MemoryStream();

        var appended = await RetrainCsv.WriteAsync(output, ["x", "y"], null, null, Csv("1,a\r\n"), CancellationToken.None);

        Assert.Equal(0, appended);
        Assert.Equal("x,y\r\n1,a\r\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task WriteAsync_DatasetLacksAColumn_RejectedNamingIt()
    {
        var ex = await Assert.ThrowsAsync<RetrainRejectedException>(() =>
            RetrainCsv.WriteAsync(new MemoryStream(), ["x", "z", "y"], Csv("x,y\n1,a\n"), "old", null, CancellationToken.None));

        Assert.Equal(RetrainNames.StepData, ex.Step);
        Assert.Equal("Schema changed: dataset 'old' lacks column(s) z.", ex.Message);
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));
}
