namespace Portal.Core.Training;

/// <summary>
/// Stratified k-fold cross-validation folds over a training part, reproducible outside .NET. The rows are put in the
/// seeded order <see cref="DataSplit"/> uses (by <c>(Key(seed, row), row)</c>, row being the dataset's row number), then
/// numbered into folds exactly as scikit-learn's <c>StratifiedKFold(n_splits=k, shuffle=False)</c> numbers that sequence:
/// the classes in order of first appearance, each class's rows in order given contiguous blocks of fold numbers whose
/// sizes come from a round robin over the labels sorted by class. tools/reference/cv_folds.py checks it against
/// scikit-learn 1.2. Unlike scikit-learn, which only warns, every class must have at least k rows: a fold without
/// one class has no AUC to score a candidate by.
/// </summary>
public static class StratifiedFolds
{
    public const int DefaultFolds = 5;
    public const int MinFolds = 2;
    public const int MaxFolds = 20;

    /// <summary>
    /// The fold (0..<paramref name="folds"/>-1) of each training row: <paramref name="rows"/> are the rows' numbers in the
    /// dataset and <paramref name="labels"/> their labels, in the same order; the result follows that order.
    /// </summary>
    public static int[] Assign(IReadOnlyList<int> rows, IReadOnlyList<bool> labels, int folds, int seed)
    {
        if (rows.Count != labels.Count) throw new ArgumentException("Every row needs its label.", nameof(labels));
        if (folds is < MinFolds or > MaxFolds) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Folds must be between {MinFolds} and {MaxFolds}.");
        var positives = labels.Count(l => l);
        var fewest = Math.Min(positives, labels.Count - positives);
        if (fewest < folds)
            throw new ArgumentException($"{folds}-fold cross-validation needs at least {folds} rows of each class in the training part; the smaller class has {fewest}.", nameof(folds));

        var order = Enumerable.Range(0, rows.Count)
            .OrderBy(j => DataSplit.Key(seed, rows[j])).ThenBy(j => rows[j])
            .ToArray();

        // Classes numbered by first appearance in the ordered sequence, as scikit-learn encodes them.
        var first = labels[order[0]];
        var counts = new[] { labels.Count(l => l == first), labels.Count(l => l != first) };

        // allocation[f, c]: rows of class c in fold f, from a round robin over the labels sorted by class.
        var allocation = new int[folds, 2];
        for (var q = 0; q < rows.Count; q++) allocation[q % folds, q < counts[0] ? 0 : 1]++;

        var assigned = new int[rows.Count];
        var fold = new int[2];
        var usedInFold = new int[2];
        foreach (var j in order)
        {
            var c = labels[j] == first ? 0 : 1;
            while (usedInFold[c] == allocation[fold[c], c])
            {
                fold[c]++;
                usedInFold[c] = 0;
            }

            assigned[j] = fold[c];
            usedInFold[c]++;
        }

        return assigned;
    }
}
