using Microsoft.ML;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// A request's labelled rows and their train/test split, as training reads them: held in memory
/// (<see cref="TrainingData"/>) or streamed from the stored file (<see cref="DatasetFileData"/>). Row indices are
/// labelled-row numbers (0..Labels.Length-1, file order), as <see cref="DataSplit"/> numbers them.
/// </summary>
public interface ITrainingRows
{
    FeatureSchema Schema { get; }
    bool[] Labels { get; }
    int[] Train { get; }
    int[] Test { get; }
    string PositiveClass { get; }
    string NegativeClass { get; }
    IReadOnlyList<string> Excluded { get; }
    int DroppedRows { get; }

    /// <summary>The cross-validation fold of each training row (in <see cref="Train"/>'s order), by <see cref="StratifiedFolds"/>.</summary>
    int[] Folds(int folds, int seed);

    /// <summary>The given rows (ascending for a streamed source) as an ML.NET view, in that order.</summary>
    IDataView View(MLContext ml, IReadOnlyList<int> rows);

    /// <summary>The given rows (ascending for a streamed source) as model inputs, in that order, read lazily when streamed.</summary>
    IEnumerable<ModelInput> Read(IReadOnlyList<int> rows);

    /// <summary>
    /// As <see cref="Read"/>, for a caller done with each row before it asks for the next (a sum over the rows): a streamed
    /// source refills one row object rather than allocating one per row.
    /// </summary>
    IEnumerable<ModelInput> ReadEach(IReadOnlyList<int> rows);
}
