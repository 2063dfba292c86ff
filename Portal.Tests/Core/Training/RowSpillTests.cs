using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>
/// <see cref="RowSpill"/>: the rows read back from the spill are the rows the CSV decodes to, and the file lives only as
/// long as the <see cref="DatasetFileData"/> that owns it (a failed or cancelled load leaves nothing).
/// </summary>
public sealed class RowSpillTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-spill-tests-").FullName;

    public static TheoryData<string, string, string> Samples => DatasetFileDataTests.Samples;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_EachSample_SameRowsAsCsvDecoded(string file, string label, string positive)
    {
        var request = new TrainingRequest(1, label, positive, TrainerKind.LightGbm, 0.2, 7);
        var csv = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample(file)), request);

        using var spilled = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample(file)), request, int.MaxValue, SpillPath(), CancellationToken.None);

        var all = Enumerable.Range(0, csv.Labels.Length).ToArray();
        Assert.Equal(csv.Read(all).Select(Json), spilled.Read(all).Select(Json));
        Assert.Equal(csv.Read(csv.Test).Select(Json), spilled.Read(spilled.Test).Select(Json));
    }

    [Fact]
    public void Read_PooledOverflowedBooleanAndOtherColumns_SameRowsAsCsvDecoded()
    {
        // id and note overflow the pool (numeric and free text), flag is boolean with missing values,
        // city has more categories than are kept (Other) and missing values, score is numeric with missing values;
        // every seventh label is missing (a dropped row).
        var cap = FeatureSchemaBuilder.StreamedDistinctCap;
        var text = new StringBuilder("id,note,flag,city,score,label\n");
        for (var i = 0; i < cap + 2000; i++)
        {
            var flag = (i % 5) switch { 0 => "", 1 or 2 => "yes", _ => "no" };
            var city = i % 11 == 0 ? "" : $"c{i * 7 % 60}";
            var score = i % 13 == 0 ? "" : (i * 0.37).ToString(CultureInfo.InvariantCulture);
            var label = i % 7 == 0 ? "" : i % 3 == 0 ? "bad" : "good";
            text.Append(CultureInfo.InvariantCulture, $"{i},n{i},{flag},{city},{score},{label}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var request = new TrainingRequest(1, "label", "bad", TrainerKind.LightGbm, 0.2, 1);
        var csv = DatasetFileData.Load(() => new MemoryStream(bytes), request);

        using var spilled = DatasetFileData.Load(() => new MemoryStream(bytes), request, int.MaxValue, SpillPath(), CancellationToken.None);

        Assert.Equal(
            [ColumnType.Numeric, ColumnType.Boolean, ColumnType.Categorical, ColumnType.Numeric],
            spilled.Schema.Features.Select(f => f.Type));
        Assert.Contains(FeatureSchema.OtherCategory, spilled.Schema.Features[2].Categories!);
        var all = Enumerable.Range(0, csv.Labels.Length).ToArray();
        var expected = csv.Read(all).Select(Json).ToList();
        Assert.Equal(expected, spilled.Read(all).Select(Json));
        Assert.Contains(expected, r => r.Contains(JsonSerializer.Serialize(FeatureSchema.OtherCategory), StringComparison.Ordinal));
    }

    [Fact]
    public void Load_FreeTextAndMixedColumns_SpillsOnlyWhatTheFeaturesRead()
    {
        // note is free text (not a feature); id and score are numeric (a float each), flag boolean and city categorical (a
        // 16-bit index each): 12 bytes a row where every non-label column with both parts took 5 x 6 = 30.
        var text = new StringBuilder("id,note,flag,city,score,label\n");
        for (var i = 0; i < 3000; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i},note {i},{(i % 3 == 0 ? "yes" : "no")},c{i % 9},{i * 0.5},{(i % 4 == 0 ? "bad" : "good")}\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var request = new TrainingRequest(1, "label", "bad", TrainerKind.LightGbm, 0.2, 1);
        var path = SpillPath();

        using var spilled = DatasetFileData.Load(() => new MemoryStream(bytes), request, int.MaxValue, path, CancellationToken.None);

        Assert.Equal(["id", "flag", "city", "score"], spilled.Schema.Features.Select(f => f.Name));
        Assert.Equal(12, RowSpill.StrideOf(spilled.Schema));
        Assert.Equal(12L * 3000, new FileInfo(path).Length);
        Assert.Equal(30, RowSpill.StrideOf(5));
        Assert.Single(Directory.EnumerateFiles(_folder));
        var csv = DatasetFileData.Load(() => new MemoryStream(bytes), request);
        var all = Enumerable.Range(0, csv.Labels.Length).ToArray();
        Assert.Equal(csv.Read(all).Select(Json), spilled.Read(all).Select(Json));
    }

    [Fact]
    public void Dispose_LoadedWithSpill_FileDeleted()
    {
        var path = SpillPath();
        var data = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample("breast_cancer.csv")), TrainingFixture.BreastCancer(TrainerKind.FastTree),
            int.MaxValue, path, CancellationToken.None);
        Assert.True(File.Exists(path));
        // Every feature (all numeric here: a float each), for every labelled row.
        Assert.All(data.Schema.Features, f => Assert.Equal(ColumnType.Numeric, f.Type));
        Assert.Equal(4L * data.Schema.Features.Count * data.Labels.Length, new FileInfo(path).Length);

        data.Dispose();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Load_InvalidRequest_ThrowsAndLeavesNoSpill()
    {
        var request = new TrainingRequest(1, "diagnosis", "maybe", TrainerKind.FastTree);

        Assert.Throws<TrainingValidationException>(() =>
            DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample("breast_cancer.csv")), request, int.MaxValue, SpillPath(), CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(_folder));
    }

    [Fact]
    public void Load_Cancelled_ThrowsAndLeavesNoSpill()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample("breast_cancer.csv")), TrainingFixture.BreastCancer(TrainerKind.FastTree),
                int.MaxValue, SpillPath(), cts.Token));

        Assert.Empty(Directory.EnumerateFiles(_folder));
    }

    [Fact]
    public void Load_FileUnreadable_ThrowsAndLeavesNoSpill()
    {
        // Two header cells, then a row of three: the CSV stops parsing halfway through the pass.
        var csv = "a,label\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{(i % 2 == 0 ? "x" : "y")}\n")) + "1,2,3\n";

        Assert.Throws<CsvFormatException>(() =>
            DatasetFileData.Load(() => new MemoryStream(Encoding.UTF8.GetBytes(csv)), new TrainingRequest(1, "label", "x", TrainerKind.FastTree),
                int.MaxValue, SpillPath(), CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SpillPath() => RowSpill.NewPath(_folder);

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);
}
