using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Retraining;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Datasets;

/// <summary>
/// The readers that used to load a dataset whole (drift reference, retraining's appended dataset) over a generated file
/// of <see cref="Rows"/> rows x 20 columns, measured as <see cref="TrainingMemoryTests"/> measures training: the growth of
/// this process's peak resident memory. The third test checks that reading the same file into a table passes the bound,
/// so the bound keeps meaning something.
/// </summary>
[Collection(TrainingMemoryCollection.Name)]
public sealed class DatasetReadMemoryTests : IDisposable
{
    private const int Rows = 300_000;
    private const long BoundBytes = 150L << 20;

    private readonly string _folder = Directory.CreateTempSubdirectory("portal-read-memory-").FullName;
    private readonly string _file;

    public DatasetReadMemoryTests()
    {
        _file = Path.Combine(_folder, "generated.csv");
        TrainingMemoryTests.Generate(_file, Rows, seed: 7);
    }

    [Fact]
    public void DriftReference_LargeFile_SampledAndPeakGrowthUnderBound()
    {
        var schema = new FeatureSchema([
            .. Enumerable.Range(0, 14).Select(i => new FeatureSpec($"n{i}", ColumnType.Numeric, AllowMissing: i < 2)),
            .. Enumerable.Range(0, 5).Select(i => new FeatureSpec($"c{i}", ColumnType.Categorical, Enumerable.Range(0, 3 + i * 2).Select(k => $"k{k}").ToArray())),
        ]);
        DriftReference? reference = null;

        var growth = TrainingMemoryTests.PeakGrowth(() =>
        {
            using var stream = File.OpenRead(_file);
            reference = ReferenceProfileBuilder.Build(stream, schema, expectedRows: Rows);
        });

        Console.WriteLine($"drift reference: peak resident memory grew by {growth >> 20} MB");
        Assert.True(growth < BoundBytes, $"peak resident memory grew by {growth >> 20} MB building a drift reference from {Rows} rows; the bound is {BoundBytes >> 20} MB");
        Assert.Equal(ReferenceProfileBuilder.MaxRows, reference!.Rows);
        Assert.Equal(ReferenceProfileBuilder.MaxRows, reference.Profiles[5].Rows);
        Assert.Equal(ReferenceProfileBuilder.MaxRows, reference.Profiles[14].CategoryCounts.Values.Sum());
    }

    [Fact]
    public void RetrainCsv_AppendedLargeDataset_WrittenWhole_PeakGrowthUnderBound()
    {
        string[] header = ["c1", "n2", "n5", "default"];
        var output = Path.Combine(_folder, "retrain.csv");
        var appended = 0;

        var growth = TrainingMemoryTests.PeakGrowth(() =>
        {
            using var source = File.OpenRead(_file);
            using var spooled = new MemoryStream("k1,1.5,2.5,yes\r\n"u8.ToArray());
            using var file = File.Create(output);
            appended = RetrainCsv.WriteAsync(file, header, source, "generated", spooled, CancellationToken.None).GetAwaiter().GetResult();
        });

        Console.WriteLine($"retrain CSV: peak resident memory grew by {growth >> 20} MB");
        Assert.True(growth < BoundBytes, $"peak resident memory grew by {growth >> 20} MB appending {Rows} rows to a retrain's CSV; the bound is {BoundBytes >> 20} MB");
        Assert.Equal(Rows, appended);
        Assert.Equal(Rows + 2, File.ReadLines(output).Count());
        Assert.Equal("c1,n2,n5,default", File.ReadLines(output).First());
        Assert.Equal("k1,1.5,2.5,yes", File.ReadLines(output).Last());
    }

    [Fact]
    public void WholeTable_LargeFile_PeakGrowthAboveBound()
    {
        CsvTable? table = null;

        var growth = TrainingMemoryTests.PeakGrowth(() =>
        {
            using var stream = File.OpenRead(_file);
            table = CsvTableReader.Read(stream);
        });

        Console.WriteLine($"whole table: peak resident memory grew by {growth >> 20} MB");
        Assert.True(growth > BoundBytes, $"peak resident memory grew by only {growth >> 20} MB reading {Rows} rows into a table");
        Assert.Equal(Rows, table!.RowCount);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
