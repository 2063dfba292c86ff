using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// Trains a binary classifier on a table: validates the request, drops rows without a label, derives the
/// feature schema, splits with <see cref="DataSplit"/>, fits
/// ReplaceMissingValues(mean) -> OneHotEncoding(indicator) -> Concatenate -> trainer (-> Platt for FastForest),
/// evaluates the test split with <see cref="BinaryMetrics"/> and saves the ML.NET zip.
/// </summary>
public sealed class ModelTrainer
{
    /// <summary>Each class needs at least this many rows (and at least one on each side of the split).</summary>
    public const int MinRowsPerClass = 5;
    public const double MinTestFraction = 0.05;
    public const double MaxTestFraction = 0.5;

    private const string FeaturesColumn = "Features";
    private const string EncodedCategoricalColumn = "CategoricalIndicators";
    private const string ProbabilityColumn = "Probability";

    // Progress: [0, FitStart) preparation, [FitStart, FitEnd) the trainer's iterations, then evaluation and saving.
    private const double FitStart = 0.1;
    private const double FitEnd = 0.85;

    /// <summary>Checks a request against its table without training; throws <see cref="TrainingValidationException"/>.</summary>
    public static void Validate(CsvTable table, TrainingRequest request) => Prepare(table, request);

    public TrainedModel Train(CsvTable table, TrainingRequest request, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var reporter = new MonotonicProgress(progress);
        reporter.Report(0);
        var prepared = Prepare(table, request);
        ct.ThrowIfCancellationRequested();

        var schema = prepared.Features.Schema;
        var columns = schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        var labels = prepared.LabelledRows.Select(r => table.Rows[r][prepared.LabelIndex] == request.PositiveClass).ToArray();
        var (trainIdx, testIdx) = DataSplit.Split(labels, request.TestFraction, request.Seed);
        ModelInput Row(int k)
        {
            var cells = table.Rows[prepared.LabelledRows[k]];
            var row = ModelInput.For(schema);
            FeatureValueEncoder.Fill(schema, i => cells[columns[i]], row);
            row.Label = labels[k];
            return row;
        }

        var trainRows = trainIdx.Select(Row).ToArray();
        var testRows = testIdx.Select(Row).ToArray();
        reporter.Report(0.05);
        ct.ThrowIfCancellationRequested();

        var ml = new MLContext(seed: request.Seed);
        var rowSchema = ModelRowSchema.For(schema);
        var trainView = ml.Data.LoadFromEnumerable(trainRows, rowSchema);
        var testView = ml.Data.LoadFromEnumerable(testRows, rowSchema);
        var options = TrainerCatalog.Resolve(request.Trainer, request.Options);
        var pipeline = Pipeline(ml, schema, request.Trainer, options);
        reporter.Report(FitStart);

        var iterations = request.Trainer switch
        {
            TrainerKind.FastTree => (int)options["numberOfTrees"],
            TrainerKind.LightGbm => (int)options["numberOfIterations"],
            TrainerKind.FastForest => (int)options["numberOfTrees"],
            _ => (int)options["maximumNumberOfIterations"],
        };
        var seen = 0;
        void OnLog(object? sender, LoggingEventArgs e)
        {
            // Throwing here stops FastTree/FastForest between two trees (ML.NET's CancelExecution is internal).
            ct.ThrowIfCancellationRequested();
            if (!IsIterationMessage(e.Message)) return;
            var done = Interlocked.Increment(ref seen);
            reporter.Report(FitStart + (FitEnd - FitStart) * Math.Min(1.0, (double)done / iterations));
        }

        // The token is honoured between stages and, through the log, inside any trainer that logs while it fits.
        ITransformer model;
        ml.Log += OnLog;
        try
        {
            model = pipeline.Fit(trainView);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("Training was cancelled.", e, ct);
        }
        finally
        {
            ml.Log -= OnLog;
        }

        reporter.Report(FitEnd);
        ct.ThrowIfCancellationRequested();

        var probabilities = model.Transform(testView).GetColumn<float>(ProbabilityColumn).Select(p => (double)p).ToArray();
        var evaluation = BinaryMetrics.Evaluate(testRows.Select(r => r.Label).ToArray(), probabilities, trainRows.Length);
        reporter.Report(0.9);
        ct.ThrowIfCancellationRequested();

        using var zip = new MemoryStream();
        ml.Model.Save(model, trainView.Schema, zip);
        reporter.Report(1);
        return new TrainedModel(zip.ToArray(), schema, evaluation, request.PositiveClass, prepared.NegativeClass)
        {
            Excluded = prepared.Features.Excluded,
            DroppedRows = table.RowCount - prepared.LabelledRows.Length,
            Options = options,
        };
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, FeatureSchema schema, TrainerKind trainer, IReadOnlyDictionary<string, double> o)
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

    private static Prepared Prepare(CsvTable table, TrainingRequest request)
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

        var labelIndex = table.IndexOf(request.Label);
        int[] labelled = [];
        string negative = "";
        FeatureSchemaResult? features = null;
        if (labelIndex < 0)
        {
            Add("label", $"The dataset has no column '{request.Label}'; its columns are {string.Join(", ", table.Headers)}.");
        }
        else
        {
            labelled = Enumerable.Range(0, table.RowCount).Where(r => table.Rows[r][labelIndex] is not null).ToArray();
            var counts = labelled.GroupBy(r => table.Rows[r][labelIndex]!, StringComparer.Ordinal)
                .Select(g => (Value: g.Key, Count: g.Count()))
                .OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
            if (counts.Count != 2)
            {
                var shown = string.Join(", ", counts.Take(10).Select(c => $"'{c.Value}' ({c.Count})"));
                Add("label", counts.Count == 0
                    ? $"Label '{request.Label}' has no values."
                    : $"Label '{request.Label}' must have exactly two distinct values; found {counts.Count}: {shown}{(counts.Count > 10 ? ", ..." : "")}.");
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
                    }
                }
            }

            features = FeatureSchemaBuilder.Build(table, request.Label, labelled);
            if (features.Schema.Features.Count == 0)
                Add("datasetId", $"No column can be a feature: {(features.Excluded.Count == 0 ? "the label is the only column" : string.Join("; ", features.Excluded))}.");
        }

        if (errors.Count > 0)
        {
            var map = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
            throw new TrainingValidationException("The training request is not valid: " + string.Join(" ", map.Values.SelectMany(m => m)), map);
        }

        return new Prepared(labelIndex, labelled, negative, features!);
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
