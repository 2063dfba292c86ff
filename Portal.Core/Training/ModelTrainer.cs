using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using Portal.Core.Datasets;
using Portal.Core.Explanations;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// Trains a binary classifier on a table: validates the request, drops rows without a label, derives the
/// feature schema, splits with <see cref="DataSplit"/>, fits
/// ReplaceMissingValues(mean) -> OneHotEncoding(indicator) -> Concatenate -> trainer (-> Platt for FastForest),
/// evaluates the test split with <see cref="BinaryMetrics"/> and saves the ML.NET zip. With a sweep, every candidate
/// is first scored by stratified k-fold cross-validation on the training part (<see cref="StratifiedFolds"/>) and the
/// best by mean fold AUC is the one fitted on the whole training part. Every fit, in a fold or not, is <see cref="Fit"/>.
/// </summary>
/// <param name="numberOfThreads">Threads each trainer may use (default: one fewer than the cores, at least one).</param>
public sealed class ModelTrainer(int? numberOfThreads = null)
{
    /// <summary>Each class needs at least this many rows (and at least one on each side of the split).</summary>
    public const int MinRowsPerClass = 5;
    public const double MinTestFraction = 0.05;
    public const double MaxTestFraction = 0.5;

    private const string FeaturesColumn = "Features";
    private const string EncodedCategoricalColumn = "CategoricalIndicators";
    private const string ProbabilityColumn = "Probability";

    // Progress: [0, FitStart) preparation, [FitStart, FitEnd) the fits (each fold of each candidate, then the final one),
    // then evaluation and saving.
    private const double FitStart = 0.1;
    private const double FitEnd = 0.85;

    private readonly int _threads = Math.Max(1, numberOfThreads ?? TrainingSettings.DefaultThreads);

    /// <summary>Checks a request against its table without training; throws <see cref="TrainingValidationException"/>.</summary>
    public static void Validate(CsvTable table, TrainingRequest request, int maxSweepCandidates = TrainingSettings.DefaultMaxSweepCandidates) =>
        Prepare(table, request, maxSweepCandidates);

    /// <summary>The request's labelled rows, encoded, and its train/test split; throws <see cref="TrainingValidationException"/>.</summary>
    public static TrainingData Load(CsvTable table, TrainingRequest request, int maxSweepCandidates = TrainingSettings.DefaultMaxSweepCandidates)
    {
        var prepared = Prepare(table, request, maxSweepCandidates);
        var schema = prepared.Features.Schema;
        var columns = schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        var labels = prepared.LabelledRows.Select(r => table.Rows[r][prepared.LabelIndex] == request.PositiveClass).ToArray();
        var rows = new ModelInput[labels.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            var cells = table.Rows[prepared.LabelledRows[k]];
            var row = ModelInput.For(schema);
            FeatureValueEncoder.Fill(schema, i => cells[columns[i]], row);
            row.Label = labels[k];
            rows[k] = row;
        }

        var (train, test) = DataSplit.Split(labels, request.TestFraction, request.Seed);
        return new TrainingData(schema, rows, train, test, request.PositiveClass, prepared.NegativeClass)
        {
            Excluded = prepared.Features.Excluded,
            DroppedRows = table.RowCount - prepared.LabelledRows.Length,
        };
    }

    public TrainedModel Train(CsvTable table, TrainingRequest request, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var reporter = new MonotonicProgress(progress);
        reporter.Report(0);
        var data = Load(table, request, int.MaxValue);
        return Train(data, request, reporter, ct);
    }

    /// <summary>Trains on a stored dataset file read as a stream (<see cref="DatasetFileData"/>): the same model as from its table.</summary>
    public TrainedModel Train(Func<Stream> openFile, TrainingRequest request, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var reporter = new MonotonicProgress(progress);
        reporter.Report(0);
        // Spilled to the temporary folder as it is read: the fit's passes read that rather than parse the CSV again.
        using var data = DatasetFileData.Load(openFile, request, int.MaxValue, RowSpill.NewPath(), ct);
        return Train(data, request, reporter, ct);
    }

    /// <summary>Trains on rows already loaded (and checked), e.g. the <see cref="DatasetFileData"/> a request was validated with.</summary>
    public TrainedModel Train(ITrainingRows data, TrainingRequest request, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var reporter = new MonotonicProgress(progress);
        reporter.Report(0);
        return Train(data, request, reporter, ct);
    }

    private TrainedModel Train(ITrainingRows data, TrainingRequest request, MonotonicProgress reporter, CancellationToken ct)
    {
        reporter.Report(0.05);
        ct.ThrowIfCancellationRequested();

        var candidates = request.Sweep is null
            ? [new SweepCandidate(request.Trainer, TrainerCatalog.Resolve(request.Trainer, request.Options))]
            : SweepGrid.Expand(request);
        var folds = request.Sweep?.Folds ?? 0;
        var fits = candidates.Count * folds + 1;
        var fit = 0;
        Action<double> Window()
        {
            var from = FitStart + (FitEnd - FitStart) * fit / fits;
            var width = (FitEnd - FitStart) / fits;
            fit++;
            return done => reporter.Report(from + width * done);
        }

        reporter.Report(FitStart);
        SweepResult? sweep = null;
        var chosen = candidates[0];
        if (request.Sweep is not null)
        {
            var foldOf = data.Folds(folds, request.Seed);
            var scored = new List<(SweepCandidate, double[])>(candidates.Count);
            foreach (var candidate in candidates)
            {
                var aucs = new double[folds];
                for (var f = 0; f < folds; f++)
                {
                    ct.ThrowIfCancellationRequested();
                    var fitRows = data.Train.Where((_, j) => foldOf[j] != f).ToArray();
                    var foldRows = data.Train.Where((_, j) => foldOf[j] == f).ToArray();
                    var model = Fit(data, fitRows, candidate, request.Seed, Window(), ct);
                    aucs[f] = BinaryMetrics.Auc(foldRows.Select(r => data.Labels[r]).ToArray(), Score(model, data, foldRows));
                }

                scored.Add((candidate, aucs));
            }

            sweep = SweepResult.Of(folds, scored);
            var best = sweep.ChosenCandidate();
            chosen = new SweepCandidate(best.Trainer, best.Options);
        }

        ct.ThrowIfCancellationRequested();
        var final = Fit(data, data.Train, chosen, request.Seed, Window(), ct);
        reporter.Report(FitEnd);
        ct.ThrowIfCancellationRequested();

        var testLabels = data.Test.Select(r => data.Labels[r]).ToArray();
        var testScores = Score(final, data, data.Test);
        var evaluation = BinaryMetrics.Evaluate(testLabels, testScores, data.Train.Length);
        reporter.Report(0.9);
        ct.ThrowIfCancellationRequested();
        // Importance and mean |SHAP| hold their rows: a large test split is sampled, a small one used whole (as before).
        var explained = ExplainedRows(data.Test, request.Seed);
        var explainedAt = explained.Select(r => Array.BinarySearch(data.Test, r)).ToArray();
        evaluation = evaluation with
        {
            Importance = Importance(final, data, explained, explainedAt.Select(i => testLabels[i]).ToArray(), explainedAt.Select(i => testScores[i]).ToArray(), request.Seed, ct),
        };
        reporter.Report(0.95);
        ct.ThrowIfCancellationRequested();

        var ml = new MLContext(seed: request.Seed);
        using var zip = new MemoryStream();
        ml.Model.Save(final, data.View(ml, data.Train).Schema, zip);
        var artefact = zip.ToArray();
        // Covers (or means) over the training part, from the saved model as serving will load it; then mean |SHAP| over
        // the test split by the explainer serving builds from them.
        var saved = ModelArtefact.Load(artefact);
        // The whole training part, streamed: covers and means are sums, so nothing needs sampling.
        ExplanationBackground.TryCompute(saved, data.Schema, data.ReadEach(data.Train), out var background, out var unexplained);
        evaluation = evaluation with { MeanAbsShap = MeanAbsShap(saved, data, explained, background, ct) };
        reporter.Report(1);
        return new TrainedModel(artefact, data.Schema, evaluation, data.PositiveClass, data.NegativeClass)
        {
            Explanation = background,
            ExplanationNote = unexplained,
            Excluded = data.Excluded,
            DroppedRows = data.DroppedRows,
            Trainer = chosen.Trainer,
            Options = chosen.Options,
            Sweep = sweep,
        };
    }

    /// <summary>
    /// Fits <paramref name="candidate"/> on the given rows of <paramref name="data"/> (indices into its rows) with a context
    /// seeded by <paramref name="seed"/>; <paramref name="progress"/> gets the fraction of the fit done. The token is
    /// honoured before the fit and, through ML.NET's log, inside any trainer that logs while it fits.
    /// </summary>
    public ITransformer Fit(ITrainingRows data, IReadOnlyList<int> rows, SweepCandidate candidate, int seed, Action<double>? progress = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var ml = new MLContext(seed: seed);
        var view = data.View(ml, rows);
        var o = candidate.Options;
        var pipeline = Pipeline(ml, data.Schema, candidate.Trainer, o, _threads);
        var iterations = candidate.Trainer switch
        {
            TrainerKind.FastTree => (int)o["numberOfTrees"],
            TrainerKind.LightGbm => (int)o["numberOfIterations"],
            TrainerKind.FastForest => (int)o["numberOfTrees"],
            _ => (int)o["maximumNumberOfIterations"],
        };
        var seen = 0;
        void OnLog(object? sender, LoggingEventArgs e)
        {
            // Throwing here stops FastTree/FastForest between two trees (ML.NET's CancelExecution is internal).
            ct.ThrowIfCancellationRequested();
            if (progress is null || !IsIterationMessage(e.Message)) return;
            var done = Interlocked.Increment(ref seen);
            progress(Math.Min(1.0, (double)done / iterations));
        }

        ml.Log += OnLog;
        try
        {
            var model = pipeline.Fit(view);
            progress?.Invoke(1);
            return model;
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("Training was cancelled.", e, ct);
        }
        finally
        {
            ml.Log -= OnLog;
        }
    }

    /// <summary>
    /// Permutation importance of each user feature on the test split, scored by the fitted model on the training thread
    /// (serving is not touched). Each feature is one slot of <see cref="ModelInput"/> (a categorical one is a single
    /// string one-hot encoded inside the model), so swapping that slot permutes the feature as a whole.
    /// </summary>
    public static PermutationImportanceResult? Importance(ITransformer model, TrainingData data, bool[] testLabels, double[] testScores, int seed, CancellationToken ct = default) =>
        Importance(model, data, data.Test, testLabels, testScores, seed, ct);

    /// <summary>As above over <paramref name="testRows"/> (ascending), whose labels and scores are given in their order.</summary>
    public static PermutationImportanceResult? Importance(ITransformer model, ITrainingRows data, IReadOnlyList<int> testRows, bool[] testLabels, double[] testScores, int seed, CancellationToken ct = default)
    {
        var rows = data.Read(testRows).ToArray();
        var slots = Slots(data.Schema);
        var permuted = rows.Select(r => new ModelInput { Numeric = (float[])r.Numeric.Clone(), Categorical = (string[])r.Categorical.Clone(), Label = r.Label }).ToArray();
        var ml = new MLContext();
        return PermutationImportance.Compute(data.Schema.Features.Select(f => f.Name).ToList(), testLabels, (feature, permutation) =>
        {
            if (permutation is null) return testScores;
            var (categorical, slot) = slots[feature];
            for (var i = 0; i < permuted.Length; i++)
            {
                // Start each call from the original rows: only this feature's slot differs from them.
                var source = rows[permutation[i]];
                if (categorical) permuted[i].Categorical[slot] = source.Categorical[slot];
                else permuted[i].Numeric[slot] = source.Numeric[slot];
            }

            var view = ml.Data.LoadFromEnumerable(permuted, ModelRowSchema.For(data.Schema));
            var scores = model.Transform(view).GetColumn<float>(ProbabilityColumn).Select(p => (double)p).ToArray();
            for (var i = 0; i < permuted.Length; i++)
            {
                if (categorical) permuted[i].Categorical[slot] = rows[i].Categorical[slot];
                else permuted[i].Numeric[slot] = rows[i].Numeric[slot];
            }

            return scores;
        }, PermutationImportance.DefaultRepeats, seed, ct);
    }

    /// <summary>
    /// Mean |SHAP| of each user feature over the test split of <paramref name="data"/>, by the explainer of
    /// <paramref name="model"/> with <paramref name="background"/>; null when there is no background or no explainer.
    /// </summary>
    public static ShapImportance? MeanAbsShap(ITransformer model, TrainingData data, ExplanationBackground? background, CancellationToken ct = default) =>
        MeanAbsShap(model, data, data.Test, background, ct);

    /// <summary>As above over <paramref name="testRows"/> (ascending).</summary>
    public static ShapImportance? MeanAbsShap(ITransformer model, ITrainingRows data, IReadOnlyList<int> testRows, ExplanationBackground? background, CancellationToken ct = default) =>
        background is not null && ShapExplainer.TryCreate(model, data.Schema, background, out var explainer, out _)
            ? ShapImportance.Compute(explainer, data.Read(testRows).ToArray(), ct)
            : null;

    /// <summary>Most rows permutation importance and mean |SHAP| are computed on (each holds them and scores them repeatedly).</summary>
    public const int MaxExplainedRows = 20_000;

    /// <summary>
    /// The test rows explained: all of them up to <see cref="MaxExplainedRows"/>, else the first that many in the split's
    /// seeded order (<see cref="DataSplit.Key"/>, then row), returned ascending. Deterministic, and a uniform sample.
    /// </summary>
    public static int[] ExplainedRows(int[] test, int seed) =>
        test.Length <= MaxExplainedRows
            ? test
            : test.OrderBy(r => DataSplit.Key(seed, r)).ThenBy(r => r).Take(MaxExplainedRows).Order().ToArray();

    /// <summary>Where each feature of the schema sits in <see cref="ModelInput"/>: the categorical vector or the numeric one, and the index.</summary>
    private static (bool Categorical, int Slot)[] Slots(FeatureSchema schema)
    {
        int numeric = 0, categorical = 0;
        return schema.Features.Select(f => f.Type == ColumnType.Categorical ? (true, categorical++) : (false, numeric++)).ToArray();
    }

    /// <summary>The positive-class probability <paramref name="model"/> gives each of the given rows, in their order.</summary>
    public static double[] Score(ITransformer model, ITrainingRows data, IReadOnlyList<int> rows)
    {
        var ml = new MLContext();
        return model.Transform(data.View(ml, rows)).GetColumn<float>(ProbabilityColumn).Select(p => (double)p).ToArray();
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, FeatureSchema schema, TrainerKind trainer, IReadOnlyDictionary<string, double> o, int threads)
    {
        var stages = new List<IEstimator<ITransformer>>();
        var featureColumns = new List<string>();
        // ModelInput.For always sizes both vectors >= 1: a branch without features of its kind is left out.
        if (schema.NumericCount > 0)
        {
            stages.Add(ml.Transforms.ReplaceMissingValues(ModelRowSchema.NumericColumn, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean));
            featureColumns.Add(ModelRowSchema.NumericColumn);
        }

        if (schema.CategoricalCount > 0)
        {
            stages.Add(ml.Transforms.Categorical.OneHotEncoding(EncodedCategoricalColumn, ModelRowSchema.CategoricalColumn, OneHotEncodingEstimator.OutputKind.Indicator));
            featureColumns.Add(EncodedCategoricalColumn);
        }

        stages.Add(ml.Transforms.Concatenate(FeaturesColumn, featureColumns.ToArray()));
        var label = ModelRowSchema.LabelColumn;
        switch (trainer)
        {
            case TrainerKind.FastTree:
                stages.Add(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    NumberOfTrees = (int)o["numberOfTrees"],
                    NumberOfLeaves = (int)o["numberOfLeaves"],
                    MinimumExampleCountPerLeaf = (int)o["minimumExampleCountPerLeaf"],
                    LearningRate = o["learningRate"],
                    NumberOfThreads = threads,
                }));
                break;
            case TrainerKind.LightGbm:
                stages.Add(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    NumberOfIterations = (int)o["numberOfIterations"],
                    NumberOfLeaves = (int)o["numberOfLeaves"],
                    MinimumExampleCountPerLeaf = (int)o["minimumExampleCountPerLeaf"],
                    LearningRate = o["learningRate"],
                    NumberOfThreads = threads,
                }));
                break;
            case TrainerKind.FastForest:
                stages.Add(ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    NumberOfTrees = (int)o["numberOfTrees"],
                    NumberOfLeaves = (int)o["numberOfLeaves"],
                    MinimumExampleCountPerLeaf = (int)o["minimumExampleCountPerLeaf"],
                    NumberOfThreads = threads,
                }));
                // A forest's score is not a probability: Platt-calibrate it like the other trainers.
                stages.Add(ml.BinaryClassification.Calibrators.Platt(labelColumnName: label));
                break;
            case TrainerKind.LogisticRegression:
                stages.Add(ml.Transforms.NormalizeMeanVariance(FeaturesColumn));
                stages.Add(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    L1Regularization = (float)o["l1Regularization"],
                    L2Regularization = (float)o["l2Regularization"],
                    MaximumNumberOfIterations = (int)o["maximumNumberOfIterations"],
                    NumberOfThreads = threads,
                }));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer.");
        }

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        for (var i = 0; i < stages.Count; i++)
        {
            // L-BFGS passes over the data many times: cache the featurized rows before it.
            if (trainer == TrainerKind.LogisticRegression && i == stages.Count - 1) chain = chain.AppendCacheCheckpoint(ml);
            chain = chain.Append(stages[i]);
        }

        return chain;
    }

    /// <summary>
    /// FastTree and FastForest log one "numTotalTrees left: N" trace per tree built (ML.NET 5.0.1; N itself does not
    /// change). LightGbm and L-BFGS log nothing per iteration, so their progress moves by stages only.
    /// </summary>
    private static bool IsIterationMessage(string message) => message.Contains("numTotalTrees left", StringComparison.Ordinal);

    private sealed record Prepared(int LabelIndex, int[] LabelledRows, string NegativeClass, FeatureSchemaResult Features);

    private static Prepared Prepare(CsvTable table, TrainingRequest request, int maxSweepCandidates)
    {
        var labelIndex = table.IndexOf(request.Label);
        int[] labelled = labelIndex < 0 ? [] : Enumerable.Range(0, table.RowCount).Where(r => table.Rows[r][labelIndex] is not null).ToArray();
        var counts = labelled.GroupBy(r => table.Rows[r][labelIndex]!, StringComparer.Ordinal)
            .Select(g => (Value: g.Key, Count: g.Count()))
            .ToList();
        var (negative, features) = Check(request, maxSweepCandidates, table.Headers, labelIndex >= 0, counts, false,
            () => FeatureSchemaBuilder.Build(table, request.Label, labelled));
        return new Prepared(labelIndex, labelled, negative, features);
    }

    /// <summary>
    /// Checks a request against a dataset's header, the counts of its label's values (over the labelled rows; cut short,
    /// <paramref name="moreLabelValues"/>, when a streamed pass stopped counting) and the feature schema of its labelled
    /// rows (asked for only when the label exists). Throws <see cref="TrainingValidationException"/> with every problem.
    /// </summary>
    internal static (string Negative, FeatureSchemaResult Features) Check(TrainingRequest request, int maxSweepCandidates,
        IReadOnlyList<string> headers, bool hasLabel, IEnumerable<(string Value, int Count)> labelCounts, bool moreLabelValues, Func<FeatureSchemaResult> schema)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (request.TestFraction is not (>= MinTestFraction and <= MaxTestFraction))
            Add("testFraction", FormattableString.Invariant($"testFraction must be between {MinTestFraction} and {MaxTestFraction}; got {request.TestFraction}."));
        foreach (var (field, messages) in TrainerCatalog.Validate(request.Trainer, request.Options))
            foreach (var message in messages) Add(field, message);
        if (request.Sweep is { } sweep)
            foreach (var (field, messages) in SweepGrid.Validate(sweep, maxSweepCandidates))
                foreach (var message in messages) Add(field, message);

        string negative = "";
        FeatureSchemaResult? features = null;
        if (!hasLabel)
        {
            Add("label", $"The dataset has no column '{request.Label}'; its columns are {string.Join(", ", headers)}.");
        }
        else
        {
            var counts = labelCounts
                .OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
            if (counts.Count != 2 || moreLabelValues)
            {
                var shown = string.Join(", ", counts.Take(10).Select(c => $"'{c.Value}' ({c.Count})"));
                Add("label", counts.Count == 0
                    ? $"Label '{request.Label}' has no values."
                    : $"Label '{request.Label}' must have exactly two distinct values; found {(moreLabelValues ? "more than " : "")}{counts.Count}: {shown}{(counts.Count > 10 || moreLabelValues ? ", ..." : "")}.");
            }
            else if (!counts.Any(c => c.Value == request.PositiveClass))
            {
                Add("positiveClass", $"positiveClass '{request.PositiveClass}' is not a value of '{request.Label}'; its values are '{counts[0].Value}' and '{counts[1].Value}'.");
            }
            else
            {
                negative = counts.First(c => c.Value != request.PositiveClass).Value;
                if (request.TestFraction is >= MinTestFraction and <= MaxTestFraction)
                {
                    foreach (var (value, count) in counts)
                    {
                        var test = DataSplit.TestCount(count, request.TestFraction);
                        if (count < MinRowsPerClass || test < 1 || count - test < 1)
                            Add("label", FormattableString.Invariant($"Class '{value}' of '{request.Label}' has {count} rows; at least {MinRowsPerClass} are needed, with one or more on each side of a {request.TestFraction} test split."));
                        else if (request.Sweep is { Folds: >= StratifiedFolds.MinFolds and <= StratifiedFolds.MaxFolds } s && count - test < s.Folds)
                            Add("folds", FormattableString.Invariant($"Class '{value}' of '{request.Label}' has {count - test} rows in the training part; {s.Folds}-fold cross-validation needs at least {s.Folds}."));
                    }
                }
            }

            features = schema();
            if (features.Schema.Features.Count == 0)
                Add("datasetId", $"No column can be a feature: {(features.Excluded.Count == 0 ? "the label is the only column" : string.Join("; ", features.Excluded))}.");
        }

        if (errors.Count > 0)
        {
            var map = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
            throw new TrainingValidationException("The training request is not valid: " + string.Join(" ", map.Values.SelectMany(m => m)), map);
        }

        return (negative, features!);
    }

    /// <summary>Forwards only increasing values in [0, 1].</summary>
    private sealed class MonotonicProgress(IProgress<double>? inner)
    {
        private double _last = -1;
        private readonly Lock _gate = new();

        public void Report(double value)
        {
            if (inner is null) return;
            value = Math.Clamp(value, 0, 1);
            lock (_gate)
            {
                if (value <= _last) return;
                _last = value;
            }

            inner.Report(value);
        }
    }
}
