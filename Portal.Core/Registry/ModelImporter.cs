using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>
/// Registers an ML.NET model zip trained elsewhere. The feature schema comes from the dataset (every column
/// but the label, as <see cref="FeatureSchemaBuilder"/> derives it for training); the zip must load, take
/// <see cref="ModelInput"/>'s vectors sized for that schema and score every labelled row of the dataset to a
/// probability. Those rows are its evaluation (there is no training split here: TrainRows is 0). Only then is
/// a version registered, with the same bytes, so a refusal leaves the registry as it was.
/// </summary>
public sealed class ModelImporter(DatasetService datasets, IModelRegistry registry, ArtefactStore artefacts, ModelServer server, IAuditLog audit)
{
    /// <summary>The largest artefact accepted.</summary>
    public const long MaxArtefactBytes = 512L * 1024 * 1024;

    public async Task<ModelVersionInfo> ImportAsync(string model, ModelImportRequest request, byte[] artefact, string user, CancellationToken ct = default)
    {
        if (!ModelNames.IsValid(model))
            throw new ModelImportException("name", $"'{model}' is not a valid model name: use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit (at most 64).");
        var dataset = await datasets.GetAsync(request.DatasetId, ct)
            ?? throw new ModelImportException("datasetId", $"Dataset {request.DatasetId} does not exist.");
        var table = datasets.LoadTable(dataset);
        var target = Target(table, request);
        var schema = FeatureSchemaBuilder.Build(table, request.Label, target.Rows).Schema;
        if (schema.Features.Count == 0)
            throw new ModelImportException("datasetId", $"Dataset '{dataset.Name}' has no column that can be a model input besides the label '{request.Label}'.");

        var evaluation = await Task.Run(() => Evaluate(artefact, table, schema, target, ct), ct);
        var version = await registry.AddVersionAsync(
            new NewModelVersion(model, user, TrainerKind.Imported, new Dictionary<string, double>(), dataset.Id, dataset.Sha256,
                request.Label, target.PositiveClass, target.NegativeClass, schema, evaluation, null)
            {
                Source = VersionSources.Imported,
            },
            (number, token) => artefacts.WriteAsync(model, number, artefact, token),
            CancellationToken.None);
        server.Track(version);
        await audit.RecordAsync(user, AuditActions.VersionImported, $"{model} v{version.Version}", new
        {
            datasetId = dataset.Id,
            label = request.Label,
            positiveClass = target.PositiveClass,
            sha256 = version.Sha256,
            auc = FiniteOrNull(evaluation.Metrics.Auc),
            testRows = evaluation.Metrics.TestRows,
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

    private static Evaluation Evaluate(byte[] artefact, CsvTable table, FeatureSchema schema, LabelTarget target, CancellationToken ct)
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
        var actual = new bool[target.Rows.Length];
        var probability = new double[target.Rows.Length];
        var input = ModelInput.For(schema);
        var output = new ModelOutput();
        using (engine)
        {
            for (var k = 0; k < target.Rows.Length; k++)
            {
                if ((k & 1023) == 0) ct.ThrowIfCancellationRequested();
                var cells = table.Rows[target.Rows[k]];
                FeatureValueEncoder.Fill(schema, i => cells[columns[i]], input);
                try
                {
                    engine.Predict(input, ref output);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw Refused($"The model failed to score line {table.Lines[target.Rows[k]]} of the dataset ({ex.Message})");
                }

                var p = output.Probability;
                if (!(p >= 0 && p <= 1))
                    throw Refused($"The model scored line {table.Lines[target.Rows[k]]} of the dataset to {p.ToString(CultureInfo.InvariantCulture)}, not a probability between 0 and 1");
                probability[k] = p;
                actual[k] = cells[target.LabelIndex] == target.PositiveClass;
            }
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
