using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Serving.Onnx;
using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>
/// Registers a model trained elsewhere: an ML.NET model zip, or an ONNX binary classifier (told apart by content:
/// a zip starts with "PK"), which must map to the dataset's features by <see cref="OnnxInputPlan"/> and serves through
/// <see cref="OnnxScorer"/>. The zip is first checked as an archive (<see cref="ArtefactArchive"/>:
/// no entry names a path outside it, and it unpacks to at most <see cref="ArtefactLimits"/>). The feature schema
/// comes from the dataset (every column but the label, as <see cref="FeatureSchemaBuilder"/> derives it for
/// training); the zip must load, take <see cref="ModelInput"/>'s vectors sized for that schema and score the
/// rows of the held-out split training makes (<see cref="DataSplit"/>, same fraction and seed) to a probability.
/// Scoring every labelled row would count rows the model may have been trained on and flatter it past gates a
/// trained twin fails. Only then is a version registered, with the same bytes, so a refusal leaves the registry as it was.
/// </summary>
public sealed class ModelImporter(DatasetService datasets, IModelRegistry registry, ArtefactStore artefacts, ModelServer server, IAuditLog audit, ArtefactLimits limits)
{
    /// <summary>The largest artefact accepted.</summary>
    public const long MaxArtefactBytes = 512L * 1024 * 1024;

    public async Task<ModelVersionInfo> ImportAsync(string model, ModelImportRequest request, byte[] artefact, string user, CancellationToken ct = default)
    {
        if (!ModelNames.IsValid(model))
            throw new ModelImportException("name", $"'{model}' is not a valid model name: use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit (at most 64).");
        if (request.TestFraction is not (>= ModelTrainer.MinTestFraction and <= ModelTrainer.MaxTestFraction))
            throw new ModelImportException("testFraction", FormattableString.Invariant($"testFraction must be between {ModelTrainer.MinTestFraction} and {ModelTrainer.MaxTestFraction}; got {request.TestFraction}."));
        var onnx = OnnxArtefact.IsOnnx(artefact);
        try
        {
            // Inflating up to the limit takes a while: off the request thread, like the evaluation.
            if (onnx) await Task.Run(() => OnnxScorer.CheckLoads(artefact), ct);
            else await Task.Run(() => ArtefactArchive.Check(artefact, limits.MaxUncompressedBytes), ct);
        }
        catch (UnsafeArtefactException ex)
        {
            throw Refused(ex.Message);
        }
        catch (OnnxModelException ex)
        {
            throw Refused(ex.Message);
        }

        var dataset = await datasets.GetAsync(request.DatasetId, ct)
            ?? throw new ModelImportException("datasetId", $"Dataset {request.DatasetId} does not exist.");
        var table = datasets.LoadTable(dataset);
        var target = Target(table, request);
        var schema = FeatureSchemaBuilder.Build(table, request.Label, target.Rows).Schema;
        if (schema.Features.Count == 0)
            throw new ModelImportException("datasetId", $"Dataset '{dataset.Name}' has no column that can be a model input besides the label '{request.Label}'.");

        var split = HeldOut(table, request, target);
        var evaluation = await Task.Run(() => onnx ? EvaluateOnnx(artefact, table, schema, target, split, ct) : Evaluate(artefact, table, schema, target, split, ct), ct) with
        {
            EvaluatedOn = EvaluationRows.TestSplit(request.TestFraction, request.Seed, dataset.Name, dataset.Id, split.Test.Length),
        };
        var version = await registry.AddVersionAsync(
            new NewModelVersion(model, user, TrainerKind.Imported, new Dictionary<string, double>(), dataset.Id, dataset.Sha256,
                request.Label, target.PositiveClass, target.NegativeClass, schema, evaluation, null)
            {
                Source = VersionSources.Imported,
            },
            (number, token) => artefacts.WriteAsync(model, number, artefact, onnx ? OnnxArtefact.Extension : ArtefactStore.ZipExtension, token),
            CancellationToken.None);
        server.Track(version);
        await audit.RecordAsync(user, AuditActions.VersionImported, $"{model} v{version.Version}", new
        {
            datasetId = dataset.Id,
            label = request.Label,
            positiveClass = target.PositiveClass,
            sha256 = version.Sha256,
            format = onnx ? "onnx" : "ml.net",
            auc = FiniteOrNull(evaluation.Metrics.Auc),
            testRows = evaluation.Metrics.TestRows,
            testFraction = request.TestFraction,
            seed = request.Seed,
        }, CancellationToken.None);
        return version;
    }

    private sealed record LabelTarget(int LabelIndex, int[] Rows, string PositiveClass, string NegativeClass);

    /// <summary>The labelled rows and the two classes; the positive one defaults to the less frequent value.</summary>
    private static LabelTarget Target(CsvTable table, ModelImportRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Label)) throw new ModelImportException("label", "label is required.");
        var labelIndex = table.IndexOf(request.Label);
        if (labelIndex < 0)
            throw new ModelImportException("label", $"The dataset has no column '{request.Label}'; its columns are {string.Join(", ", table.Headers)}.");
        var rows = Enumerable.Range(0, table.RowCount).Where(r => table.Rows[r][labelIndex] is not null).ToArray();
        var counts = rows.GroupBy(r => table.Rows[r][labelIndex]!, StringComparer.Ordinal)
            .Select(g => (Value: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        if (counts.Count != 2)
            throw new ModelImportException("label", counts.Count == 0
                ? $"Label '{request.Label}' has no values."
                : $"Label '{request.Label}' must have exactly two distinct values to evaluate a binary classifier; found {counts.Count}.");
        var positive = request.PositiveClass;
        if (string.IsNullOrWhiteSpace(positive)) positive = counts[1].Value;
        else if (!counts.Any(c => c.Value == positive))
            throw new ModelImportException("positiveClass", $"positiveClass '{positive}' is not a value of '{request.Label}'; its values are '{counts[0].Value}' and '{counts[1].Value}'.");
        return new LabelTarget(labelIndex, rows, positive, counts.First(c => c.Value != positive).Value);
    }

    private sealed record HeldOutSplit(int[] Test);

    /// <summary>The dataset rows of training's test split: the split is over the labelled rows, numbered as training numbers them.</summary>
    private static HeldOutSplit HeldOut(CsvTable table, ModelImportRequest request, LabelTarget target)
    {
        var labels = target.Rows.Select(r => table.Rows[r][target.LabelIndex] == target.PositiveClass).ToArray();
        var (_, test) = DataSplit.Split(labels, request.TestFraction, request.Seed);
        if (!test.Any(k => labels[k]) || !test.Any(k => !labels[k]))
            throw new ModelImportException("testFraction", FormattableString.Invariant(
                $"A {request.TestFraction} test split of '{request.Label}' leaves a class without rows to evaluate on; raise testFraction or use a larger dataset."));
        return new HeldOutSplit(test.Select(k => target.Rows[k]).ToArray());
    }

    private static Evaluation Evaluate(byte[] artefact, CsvTable table, FeatureSchema schema, LabelTarget target, HeldOutSplit split, CancellationToken ct)
    {
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            transformer = ModelArtefact.Load(new MemoryStream(artefact, writable: false), out inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Refused($"The file is not a loadable ML.NET model zip ({ex.Message})");
        }

        CheckInput(inputSchema, ModelRowSchema.NumericColumn, NumberDataViewType.Single, Math.Max(1, schema.NumericCount),
            "numeric and boolean", schema.Features.Where(f => f.Type != ColumnType.Categorical));
        CheckInput(inputSchema, ModelRowSchema.CategoricalColumn, TextDataViewType.Instance, Math.Max(1, schema.CategoricalCount),
            "categorical", schema.Features.Where(f => f.Type == ColumnType.Categorical));

        PredictionEngine<ModelInput, ModelOutput> engine;
        try
        {
            engine = ModelArtefact.CreateEngine(transformer, schema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Refused($"The model cannot score this dataset's rows as a binary classifier with a probability output ({ex.Message})");
        }

        var columns = schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        var rows = split.Test;
        var actual = new bool[rows.Length];
        var probability = new double[rows.Length];
        var input = ModelInput.For(schema);
        var output = new ModelOutput();
        using (engine)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                if ((k & 1023) == 0) ct.ThrowIfCancellationRequested();
                var cells = table.Rows[rows[k]];
                FeatureValueEncoder.Fill(schema, i => cells[columns[i]], input);
                try
                {
                    engine.Predict(input, ref output);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw Refused($"The model failed to score line {table.Lines[rows[k]]} of the dataset ({ex.Message})");
                }

                var p = output.Probability;
                if (!(p >= 0 && p <= 1))
                    throw Refused($"The model scored line {table.Lines[rows[k]]} of the dataset to {p.ToString(CultureInfo.InvariantCulture)}, not a probability between 0 and 1");
                probability[k] = p;
                actual[k] = cells[target.LabelIndex] == target.PositiveClass;
            }
        }

        return BinaryMetrics.Evaluate(actual, probability, trainRows: 0);
    }

    /// <summary>Maps the ONNX model to the schema (refusing it, with what does not fit, otherwise) and scores the held-out rows through ONNX Runtime.</summary>
    private static Evaluation EvaluateOnnx(byte[] artefact, CsvTable table, FeatureSchema schema, LabelTarget target, HeldOutSplit split, CancellationToken ct)
    {
        OnnxScorer scorer;
        try
        {
            scorer = OnnxScorer.Load(artefact, schema, target.PositiveClass);
        }
        catch (OnnxModelException ex)
        {
            throw Refused(ex.Message);
        }

        var columns = schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        var rows = split.Test;
        var actual = new bool[rows.Length];
        var probability = new double[rows.Length];
        var lease = new EngineLease(scorer, schema);
        for (var k = 0; k < rows.Length; k++)
        {
            if ((k & 1023) == 0) ct.ThrowIfCancellationRequested();
            var cells = table.Rows[rows[k]];
            FeatureValueEncoder.Fill(schema, i => cells[columns[i]], lease.Input);
            float p;
            try
            {
                p = lease.Score();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw Refused($"The ONNX model failed to score line {table.Lines[rows[k]]} of the dataset ({ex.Message.Trim()})");
            }

            if (!(p >= 0 && p <= 1))
                throw Refused($"The ONNX model scored line {table.Lines[rows[k]]} of the dataset to {p.ToString(CultureInfo.InvariantCulture)}, not a probability between 0 and 1");
            probability[k] = p;
            actual[k] = cells[target.LabelIndex] == target.PositiveClass;
        }

        return BinaryMetrics.Evaluate(actual, probability, trainRows: 0);
    }

    private static void CheckInput(DataViewSchema inputSchema, string column, DataViewType itemType, int size, string kind, IEnumerable<FeatureSpec> features)
    {
        var found = inputSchema.GetColumnOrNull(column);
        if (found is { Type: VectorDataViewType vector } && vector.Size == size && vector.ItemType.Equals(itemType)) return;
        var names = features.Select(f => f.Name).ToList();
        var expected = names.Count == 0
            ? $"a {itemType} vector of {size} (the dataset has no {kind} features)"
            : $"a {itemType} vector of {size} for the dataset's {kind} features ({Shorten(names)})";
        var actual = found is null ? "has no such input column" : $"takes {Describe(found.Value.Type)}";
        throw Refused($"The model's inputs do not fit the dataset: its input column '{column}' {actual}, but {expected} is needed");
    }

    private static string Describe(DataViewType type) => type is VectorDataViewType { Size: > 0 } vector
        ? $"a {vector.ItemType} vector of {vector.Size}"
        : $"a {type}";

    private static string Shorten(IReadOnlyList<string> names) =>
        names.Count <= 8 ? string.Join(", ", names) : string.Join(", ", names.Take(8)) + $", ... {names.Count - 8} more";

    private static ModelImportException Refused(string reason) =>
        new(ModelImportException.FileField, reason + ". Nothing was registered.");

    private static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;
}
