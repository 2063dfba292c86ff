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
        // Two passes over the file, a row at a time: the labels and schema, then the held-out rows as they are scored.
        Stream Open() => datasets.OpenFile(dataset);
        var target = await Task.Run(() => Target(Open, request, ct), ct);
        var schema = target.Features;
        if (schema.Features.Count == 0)
            throw new ModelImportException("datasetId", $"Dataset '{dataset.Name}' has no column that can be a model input besides the label '{request.Label}'.");

        var split = HeldOut(request, target);
        var evaluation = await Task.Run(() => onnx ? EvaluateOnnx(artefact, Open, schema, target, split, ct) : Evaluate(artefact, Open, schema, target, split, ct), ct) with
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

    /// <summary>The label's column, the labelled rows (data row numbers) with whether each is positive, the two classes and the features.</summary>
    private sealed record LabelTarget(IReadOnlyList<string> Headers, int LabelIndex, int[] Rows, bool[] Positive, string PositiveClass, string NegativeClass, FeatureSchema Features);

    /// <summary>
    /// One pass over the file: the labelled rows and the two classes (the positive one defaults to the less frequent value),
    /// and the feature schema over the labelled rows as a streamed training run derives it
    /// (<see cref="FeatureSchemaBuilder.StreamedDistinctCap"/>). Per row only its number and a label code are kept.
    /// </summary>
    private static LabelTarget Target(Func<Stream> open, ModelImportRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Label)) throw new ModelImportException("label", "label is required.");
        using var stream = open();
        using var reader = CsvRowReader.Open(stream);
        var headers = reader.Headers;
        var labelIndex = -1;
        for (var i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i], request.Label, StringComparison.Ordinal)) labelIndex = i;
        if (labelIndex < 0)
            throw new ModelImportException("label", $"The dataset has no column '{request.Label}'; its columns are {string.Join(", ", headers)}.");

        var scans = FeatureSchemaBuilder.Scans(headers, request.Label, FeatureSchemaBuilder.StreamedDistinctCap);
        // Label values in order of first appearance with their counts; a code per labelled row (255: a value past the
        // 255th, which fails the two-value check anyway).
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new List<int>();
        var rows = new List<int>();
        var codes = new List<byte>();
        var row = 0;
        var moreValues = false;
        while (reader.Read())
        {
            if ((row & 4095) == 0) ct.ThrowIfCancellationRequested();
            var cells = reader.Cells;
            var number = row++;
            if (cells[labelIndex] is not { } label) continue;
            if (!values.TryGetValue(label, out var code))
            {
                if (values.Count < FeatureSchemaBuilder.StreamedDistinctCap) values[label] = code = values.Count;
                else (code, moreValues) = (int.MaxValue, true);
                if (code != int.MaxValue) counts.Add(0);
            }

            if (code != int.MaxValue) counts[code]++;
            rows.Add(number);
            codes.Add((byte)Math.Min(code, byte.MaxValue));
            FeatureSchemaBuilder.Add(scans, cells);
        }

        var ordered = values.Select(v => (v.Key, Count: counts[v.Value]))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count != 2 || moreValues)
            throw new ModelImportException("label", ordered.Count == 0
                ? $"Label '{request.Label}' has no values."
                : $"Label '{request.Label}' must have exactly two distinct values to evaluate a binary classifier; found {(moreValues ? "more than " : "")}{ordered.Count}.");
        var positive = request.PositiveClass;
        if (string.IsNullOrWhiteSpace(positive)) positive = ordered[1].Key;
        else if (!values.ContainsKey(positive))
            throw new ModelImportException("positiveClass", $"positiveClass '{positive}' is not a value of '{request.Label}'; its values are '{ordered[0].Key}' and '{ordered[1].Key}'.");
        var positiveCode = (byte)values[positive];
        return new LabelTarget(headers, labelIndex, rows.ToArray(), codes.Select(c => c == positiveCode).ToArray(), positive,
            ordered.First(c => c.Key != positive).Key, FeatureSchemaBuilder.Result(scans).Schema);
    }

    private sealed record HeldOutSplit(int[] Test, bool[] Actual);

    /// <summary>The dataset rows of training's test split: the split is over the labelled rows, numbered as training numbers them.</summary>
    private static HeldOutSplit HeldOut(ModelImportRequest request, LabelTarget target)
    {
        var labels = target.Positive;
        var (_, test) = DataSplit.Split(labels, request.TestFraction, request.Seed);
        if (!test.Any(k => labels[k]) || !test.Any(k => !labels[k]))
            throw new ModelImportException("testFraction", FormattableString.Invariant(
                $"A {request.TestFraction} test split of '{request.Label}' leaves a class without rows to evaluate on; raise testFraction or use a larger dataset."));
        return new HeldOutSplit(test.Select(k => target.Rows[k]).ToArray(), test.Select(k => labels[k]).ToArray());
    }

    private static Evaluation Evaluate(byte[] artefact, Func<Stream> open, FeatureSchema schema, LabelTarget target, HeldOutSplit split, CancellationToken ct)
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

        var columns = Columns(schema, target);
        var probability = new double[split.Test.Length];
        var input = ModelInput.For(schema);
        var output = new ModelOutput();
        using (engine)
        using (var stream = open())
        using (var reader = CsvRowReader.Open(stream))
        {
            var k = 0;
            foreach (var (cells, line) in SelectedRows.Read(reader, split.Test))
            {
                if ((k & 1023) == 0) ct.ThrowIfCancellationRequested();
                FeatureValueEncoder.Fill(schema, i => cells[columns[i]], input);
                try
                {
                    engine.Predict(input, ref output);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw Refused($"The model failed to score line {line} of the dataset ({ex.Message})");
                }

                var p = output.Probability;
                if (!(p >= 0 && p <= 1))
                    throw Refused($"The model scored line {line} of the dataset to {p.ToString(CultureInfo.InvariantCulture)}, not a probability between 0 and 1");
                probability[k++] = p;
            }
        }

        return BinaryMetrics.Evaluate(split.Actual, probability, trainRows: 0);
    }

    /// <summary>Maps the ONNX model to the schema (refusing it, with what does not fit, otherwise) and scores the held-out rows through ONNX Runtime.</summary>
    private static Evaluation EvaluateOnnx(byte[] artefact, Func<Stream> open, FeatureSchema schema, LabelTarget target, HeldOutSplit split, CancellationToken ct)
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

        var columns = Columns(schema, target);
        var probability = new double[split.Test.Length];
        var lease = new EngineLease(scorer, schema);
        using var stream = open();
        using var reader = CsvRowReader.Open(stream);
        var k = 0;
        foreach (var (cells, line) in SelectedRows.Read(reader, split.Test))
        {
            if ((k & 1023) == 0) ct.ThrowIfCancellationRequested();
            FeatureValueEncoder.Fill(schema, i => cells[columns[i]], lease.Input);
            float p;
            try
            {
                p = lease.Score();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw Refused($"The ONNX model failed to score line {line} of the dataset ({ex.Message.Trim()})");
            }

            if (!(p >= 0 && p <= 1))
                throw Refused($"The ONNX model scored line {line} of the dataset to {p.ToString(CultureInfo.InvariantCulture)}, not a probability between 0 and 1");
            probability[k++] = p;
        }

        return BinaryMetrics.Evaluate(split.Actual, probability, trainRows: 0);
    }

    /// <summary>Each feature's column in the file.</summary>
    private static int[] Columns(FeatureSchema schema, LabelTarget target)
    {
        var headers = target.Headers.ToList();
        return schema.Features.Select(f => headers.IndexOf(f.Name)).ToArray();
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
