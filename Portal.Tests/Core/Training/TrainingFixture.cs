using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>Helpers to rebuild a trained model's test split outside the trainer.</summary>
internal static class TrainingFixture
{
    public static TrainingRequest BreastCancer(TrainerKind trainer, IReadOnlyDictionary<string, double>? options = null) =>
        new(1, "diagnosis", "malignant", trainer, 0.2, 1, options);

    /// <summary>The test split's rows, encoded as the trainer encodes them, with their labels.</summary>
    public static (ModelInput[] Rows, bool[] Labels) TestRows(CsvTable table, TrainingRequest request, FeatureSchema schema)
    {
        var labelIndex = table.IndexOf(request.Label);
        var labelled = table.Rows.Where(r => r[labelIndex] is not null).ToArray();
        var labels = labelled.Select(r => r[labelIndex] == request.PositiveClass).ToArray();
        var (_, test) = DataSplit.Split(labels, request.TestFraction, request.Seed);
        var columns = schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        var rows = test.Select(i =>
        {
            var row = ModelInput.For(schema);
            FeatureValueEncoder.Fill(schema, k => labelled[i][columns[k]], row);
            return row;
        }).ToArray();
        return (rows, test.Select(i => labels[i]).ToArray());
    }
}
