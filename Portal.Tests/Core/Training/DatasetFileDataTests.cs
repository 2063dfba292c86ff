using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>The streamed path (<see cref="DatasetFileData"/> over the stored file) against the in-memory table.</summary>
public class DatasetFileDataTests
{
    public static TheoryData<string, string, string> Samples => new()
    {
        { "breast_cancer.csv", "diagnosis", "malignant" },
        { "credit_data.csv", "Status", "bad" },
        { "customer_churn.csv", "churn", "yes" },
        { "lending_club.csv", "Class", "bad" },
    };

    public static TheoryData<string, string, string, TrainerKind> SamplesAndTrainers()
    {
        var data = new TheoryData<string, string, string, TrainerKind>();
        foreach (var row in Samples)
            foreach (var trainer in new[] { TrainerKind.FastTree, TrainerKind.LightGbm })
                data.Add((string)row[0], (string)row[1], (string)row[2], trainer);
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_EachSample_SameSchemaLabelsSplitAndRowsAsTable(string file, string label, string positive)
    {
        var request = new TrainingRequest(1, label, positive, TrainerKind.LightGbm, 0.2, 7);
        var table = ModelTrainer.Load(SampleTables.Sample(file), request);

        var streamed = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample(file)), request);

        Assert.Equal(Json(table.Schema), Json(streamed.Schema));
        Assert.Equal(table.Excluded, streamed.Excluded);
        Assert.Equal(table.Labels, streamed.Labels);
        Assert.Equal(table.Train, streamed.Train);
        Assert.Equal(table.Test, streamed.Test);
        Assert.Equal(table.DroppedRows, streamed.DroppedRows);
        Assert.Equal(table.NegativeClass, streamed.NegativeClass);
        var all = Enumerable.Range(0, table.Labels.Length).ToArray();
        Assert.Equal(table.Rows.Select(Json), streamed.Read(all).Select(Json));
    }

    [Theory]
    [MemberData(nameof(SamplesAndTrainers))]
    public void Train_EachSampleFastTreeAndLightGbm_SameModelFiguresAsTable(string file, string label, string positive, TrainerKind trainer)
    {
        var request = new TrainingRequest(1, label, positive, trainer, 0.2, 1);

        var fromTable = new ModelTrainer(2).Train(SampleTables.Sample(file), request);
        var streamed = new ModelTrainer(2).Train(() => File.OpenRead(TestPaths.Sample(file)), request);

        // Same rows in the same order into the same pipeline: every figure is equal, not merely close.
        Assert.Equal(fromTable.Evaluation.Metrics.Auc, streamed.Evaluation.Metrics.Auc, 1e-9);
        Assert.Equal(Json(fromTable.Evaluation), Json(streamed.Evaluation));
        Assert.Equal(Json(fromTable.Schema), Json(streamed.Schema));
        Assert.Equal(Json(fromTable.Explanation), Json(streamed.Explanation));
        Assert.Equal(fromTable.DroppedRows, streamed.DroppedRows);
    }

    [Fact]
    public void Train_Sweep_SameCandidatesAndChoiceAsTable()
    {
        var request = new TrainingRequest(1, "diagnosis", "malignant", TrainerKind.LightGbm, 0.2, 3, null,
            new SweepSpec([TrainerKind.LightGbm],
            new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>> { [TrainerKind.LightGbm] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfLeaves"] = [4, 16] } }, 3));

        var fromTable = new ModelTrainer(2).Train(SampleTables.Sample("breast_cancer.csv"), request);
        var streamed = new ModelTrainer(2).Train(() => File.OpenRead(TestPaths.Sample("breast_cancer.csv")), request);

        Assert.Equal(Json(fromTable.Sweep), Json(streamed.Sweep));
        Assert.Equal(Json(fromTable.Evaluation), Json(streamed.Evaluation));
    }

    [Theory]
    [InlineData("nope", "yes")]
    [InlineData("plan", "yes")]
    [InlineData("churn", "maybe")]
    [InlineData("id", "1")]
    public void Load_InvalidRequest_SameErrorsAsValidate(string label, string positive)
    {
        const string csv = "id,plan,churn,note\n1,a,yes,x\n2,b,no,y\n3,c,yes,\n4,a,no,z\n5,b,,w\n6,c,yes,v\n7,a,no,u\n8,b,yes,t\n9,c,no,s\n10,a,yes,r\n11,b,no,q\n12,c,yes,p\n13,a,no,o\n";
        var request = new TrainingRequest(1, label, positive, TrainerKind.FastTree, 0.7, 1);
        var expected = Assert.Throws<TrainingValidationException>(() => ModelTrainer.Validate(SampleTables.FromText(csv), request));

        var actual = Assert.Throws<TrainingValidationException>(() => DatasetFileData.Load(() => new MemoryStream(Encoding.UTF8.GetBytes(csv)), request));

        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(Json(expected.Errors), Json(actual.Errors));
    }

    [Fact]
    public async Task View_TwoCursorsOnTwoThreads_EachReadsEveryRowInOrder()
    {
        var data = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample("credit_data.csv")), new TrainingRequest(1, "Status", "bad"));
        var view = data.View(new MLContext(), data.Test);
        var expected = data.Test.Select(r => data.Labels[r]).ToArray();

        var reads = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            using var cursor = view.GetRowCursor(view.Schema);
            var getter = cursor.GetGetter<bool>(view.Schema[ModelRowSchema.LabelColumn]);
            var labels = new List<bool>();
            while (cursor.MoveNext())
            {
                var value = false;
                getter(ref value);
                labels.Add(value);
            }

            return labels.ToArray();
        })).ToArray();
        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Equal(data.Test.Length, view.GetRowCount());
    }

    [Fact]
    public void View_GetterOfWrongTypeOrInactiveColumn_Throws()
    {
        var data = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample("breast_cancer.csv")), TrainingFixture.BreastCancer(TrainerKind.FastTree));
        var view = data.View(new MLContext(), data.Train);
        using var cursor = view.GetRowCursor([view.Schema[ModelRowSchema.LabelColumn]]);

        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(view.Schema[ModelRowSchema.LabelColumn]));
        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(view.Schema[ModelRowSchema.NumericColumn]));
        Assert.False(cursor.IsColumnActive(view.Schema[ModelRowSchema.NumericColumn]));
    }

    [Fact]
    public void View_RowsOutOfOrder_Refused()
    {
        var data = DatasetFileData.Load(() => File.OpenRead(TestPaths.Sample("breast_cancer.csv")), TrainingFixture.BreastCancer(TrainerKind.FastTree));

        Assert.Throws<ArgumentException>(() => data.View(new MLContext(), [5, 3]));
    }

    [Fact]
    public void ColumnScan_MoreDistinctValuesThanTheCap_FreeTextWhileUncappedIsCategorical()
    {
        // 30 distinct values over 300 rows: categorical (share 0.1) when counted exactly, free text past a cap of 20.
        var values = Enumerable.Range(0, 300).Select(i => $"v{i % 30}").ToArray();
        var capped = new FeatureColumnScan("c", 20);
        var exact = new FeatureColumnScan("c");
        foreach (var v in values)
        {
            capped.Add(v);
            exact.Add(v);
        }

        Assert.Equal(ColumnType.Categorical, exact.Result().Feature!.Type);
        Assert.Null(capped.Result().Feature);
        Assert.Equal("c: free text (more than 20 distinct values in 300 rows)", capped.Result().Excluded);
    }

    [Fact]
    public void ColumnScan_NumbersPastTheCap_StillNumericWithTheirRange()
    {
        var scan = new FeatureColumnScan("x", 10);
        for (var i = 0; i < 100; i++) scan.Add((i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        scan.Add(null);

        var feature = scan.Result().Feature!;

        Assert.Equal(ColumnType.Numeric, feature.Type);
        Assert.True(feature.AllowMissing);
        Assert.Equal(FeatureRange.Of(Enumerable.Range(0, 100).Select(i => (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))), feature.Range);
    }

    [Fact]
    public void ExplainedRows_LargeTestSplit_SampledBySplitKeyOrderAscending()
    {
        var test = Enumerable.Range(0, ModelTrainer.MaxExplainedRows + 500).Select(i => i * 2).ToArray();

        var sample = ModelTrainer.ExplainedRows(test, 4);

        Assert.Equal(ModelTrainer.MaxExplainedRows, sample.Length);
        Assert.Equal(sample.Order(), sample);
        var cut = sample.Max(r => DataSplit.Key(4, r));
        Assert.All(test.Except(sample), r => Assert.True(DataSplit.Key(4, r) > cut));
        var small = test[..100];
        Assert.Same(small, ModelTrainer.ExplainedRows(small, 4));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);
}
