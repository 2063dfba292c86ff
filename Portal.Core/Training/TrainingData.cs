using Microsoft.ML;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// A request's labelled rows, encoded for the model, with their labels and the train/test split (indices into
/// <see cref="Rows"/>, which are the labelled rows in dataset order).
/// </summary>
public sealed record TrainingData(
    FeatureSchema Schema,
    IReadOnlyList<ModelInput> Rows,
    int[] Train,
    int[] Test,
    string PositiveClass,
    string NegativeClass) : ITrainingRows
{
    public IReadOnlyList<string> Excluded { get; init; } = [];
    public int DroppedRows { get; init; }

    public bool[] Labels { get; } = Rows.Select(r => r.Label).ToArray();

    /// <summary>The cross-validation fold of each training row (in <see cref="Train"/>'s order), by <see cref="StratifiedFolds"/>.</summary>
    public int[] Folds(int folds, int seed) => StratifiedFolds.Assign(Train, Train.Select(r => Labels[r]).ToArray(), folds, seed);

    public IDataView View(MLContext ml, IReadOnlyList<int> rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => Rows[r]).ToArray(), ModelRowSchema.For(Schema));

    public IEnumerable<ModelInput> Read(IReadOnlyList<int> rows) => rows.Select(r => Rows[r]);

    public IEnumerable<ModelInput> ReadEach(IReadOnlyList<int> rows) => Read(rows);
}
