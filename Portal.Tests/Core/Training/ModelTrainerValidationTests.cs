using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public class ModelTrainerValidationTests
{
    private static readonly Portal.Core.Datasets.CsvTable Small = SampleTables.FromText(
        "x,colour,y,grade\n" + string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"{i},{(i % 3 == 0 ? "red" : "blue")},{(i % 2 == 0 ? "yes" : "no")},{(i % 4 == 0 ? "" : i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c")}\n")));

    private static TrainingValidationException Invalid(TrainingRequest request) =>
        Assert.Throws<TrainingValidationException>(() => ModelTrainer.Validate(Small, request));

    [Fact]
    public void Validate_GoodRequest_DoesNotThrow()
    {
        ModelTrainer.Validate(Small, new TrainingRequest(1, "y", "yes"));
    }

    [Fact]
    public void Validate_LabelMissing_KeyedLabelAndListsColumns()
    {
        var ex = Invalid(new TrainingRequest(1, "target", "yes"));

        var message = Assert.Single(ex.Errors["label"]);
        Assert.Contains("colour", message);
    }

    [Fact]
    public void Validate_LabelNotBinary_SaysWhatItFound()
    {
        var ex = Invalid(new TrainingRequest(1, "grade", "a"));

        var message = Assert.Single(ex.Errors["label"]);
        Assert.Contains("found 3", message);
        Assert.Contains("'b'", message);
    }

    [Fact]
    public void Validate_PositiveClassUnknown_KeyedPositiveClassAndListsValues()
    {
        var ex = Invalid(new TrainingRequest(1, "y", "Yes"));

        var message = Assert.Single(ex.Errors["positiveClass"]);
        Assert.Contains("'yes'", message);
        Assert.Contains("'no'", message);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.6)]
    public void Validate_TestFractionOutOfRange_KeyedTestFraction(double fraction)
    {
        var ex = Invalid(new TrainingRequest(1, "y", "yes", TestFraction: fraction));

        Assert.Equal(["testFraction"], ex.Errors.Keys);
    }

    [Fact]
    public void Validate_BadOptions_EachKeyedByName()
    {
        var ex = Invalid(new TrainingRequest(1, "y", "yes", TrainerKind.LightGbm,
            Options: new Dictionary<string, double> { ["numberOfTrees"] = 10, ["learningRate"] = 0 }));

        Assert.Equal(["options.learningRate", "options.numberOfTrees"], ex.Errors.Keys.Order());
    }

    [Fact]
    public void Validate_TooFewRowsInAClass_KeyedLabel()
    {
        var table = SampleTables.FromText("x,y\n1,a\n2,a\n3,a\n4,a\n5,a\n6,a\n7,b\n8,b\n");

        var ex = Assert.Throws<TrainingValidationException>(() => ModelTrainer.Validate(table, new TrainingRequest(1, "y", "b")));

        Assert.Contains("Class 'b'", Assert.Single(ex.Errors["label"]));
    }

    [Fact]
    public void Validate_NoUsableFeature_SaysWhyColumnsWereExcluded()
    {
        var table = SampleTables.FromText("id,y\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"id-{i},{(i % 2 == 0 ? "p" : "q")}\n")));

        var ex = Assert.Throws<TrainingValidationException>(() => ModelTrainer.Validate(table, new TrainingRequest(1, "y", "p")));

        Assert.Contains("id: free text", Assert.Single(ex.Errors["datasetId"]));
    }

    [Fact]
    public void Train_InvalidRequest_ThrowsBeforeAnyProgress()
    {
        var reported = new List<double>();

        Assert.Throws<TrainingValidationException>(() =>
            new ModelTrainer().Train(Small, new TrainingRequest(1, "y", "maybe"), new SyncProgress(reported)));

        Assert.DoesNotContain(reported, p => p > 0);
    }
}

/// <summary>An IProgress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(List<double> values) : IProgress<double>
{
    public void Report(double value)
    {
        lock (values) values.Add(value);
    }
}
