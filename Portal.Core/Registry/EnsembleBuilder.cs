using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>
/// Registers an ensemble: a version whose probability is the weighted mean of 2 to 5 other registered versions of the same
/// model (none an ensemble, all with the same feature schema, label and positive class). It is evaluated like an imported
/// version, on the test split of the newest component's dataset (that component's fraction and seed), each component scored
/// through the path that serves it; the manifest keeps each component's own AUC/F1 and leave-one-out contribution.
/// Any refusal registers nothing.
/// </summary>
public sealed partial class EnsembleBuilder(IModelRegistry registry, DatasetService datasets, ITrainingRunStore runs, ArtefactStore artefacts, ModelServer server, IAuditLog audit)
{
    public const int MinComponents = 2;
    public const int MaxComponents = 5;
    public const int MaxDescription = 500;

    /// <summary>The new version and its manifest; null when the model does not exist.</summary>
    public async Task<(ModelVersionInfo Version, EnsembleManifest Manifest)?> CreateAsync(string model, EnsembleRequest request, string user, CancellationToken ct = default)
    {
        if (await registry.GetModelAsync(model, ct) is not { } details) return null;
        var components = Validate(details, request);
        var newest = components.MaxBy(c => c.Version)!;
        var dataset = newest.DatasetId is { } id ? await datasets.GetAsync(id, ct) : null;
        if (dataset is null)
            throw new EnsembleValidationException("components", $"v{newest.Version}'s dataset is no longer registered: the ensemble cannot be evaluated on its test split.");
        var (fraction, seed) = await SplitOfAsync(newest, ct);

        var served = new ServedModel[components.Count];
        for (var i = 0; i < served.Length; i++)
        {
            try
            {
                served[i] = server.LoadPinned(components[i]);
            }
            catch (ArtefactIntegrityException ex)
            {
                throw new EnsembleValidationException($"components[{i}].version", $"v{components[i].Version} cannot serve: {ex.Message}");
            }
        }

        var weights = request.Components.Select(c => c.Weight).ToArray();
        var scored = await Task.Run(() => Score(() => datasets.OpenFile(dataset), newest, served, fraction, seed, ct), ct);
        var ensemble = EnsembleScoring.WeightedMean(scored.Probabilities, weights);
        var evaluation = BinaryMetrics.Evaluate(scored.Actual, ensemble, trainRows: 0) with
        {
            EvaluatedOn = EvaluationRows.TestSplit(fraction, seed, dataset.Name, dataset.Id, scored.Actual.Length)
                + $"; the ensemble of {string.Join(", ", components.Select(c => "v" + c.Version))}",
        };
        var contributions = EnsembleScoring.LeaveOneOut(scored.Actual, scored.Probabilities, weights);
        var note = components.Select(c => c.DatasetSha256).Distinct().Count() > 1
            ? $"Its components were trained on different datasets; these rows are v{newest.Version}'s test split and may include rows other components were trained on."
            : null;
        var manifest = new EnsembleManifest(model,
            components.Select((c, i) =>
            {
                var alone = BinaryMetrics.Evaluate(scored.Actual, scored.Probabilities[i], trainRows: 0).Metrics;
                return new EnsembleComponent(c.Version, weights[i], c.Trainer.ToString(), Finite(alone.Auc), Finite(alone.F1), Finite(contributions[i]));
            }).ToList(),
            Finite(evaluation.Metrics.Auc), note is null ? evaluation.EvaluatedOn : evaluation.EvaluatedOn + ". " + note, note,
            string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim());
        var bytes = manifest.ToBytes();
        var shares = manifest.Shares();
        var options = components.Select((c, i) => (Key: EnsembleOptions.Key(c.Version), Share: shares[i])).ToDictionary(x => x.Key, x => x.Share);

        var version = await registry.AddVersionAsync(
            new NewModelVersion(model, user, TrainerKind.Ensemble, options, dataset.Id, dataset.Sha256,
                newest.Label, newest.PositiveClass, newest.NegativeClass, newest.Schema, evaluation with { EvaluatedOn = manifest.EvaluatedOn }, null)
            {
                Source = VersionSources.Ensemble,
            },
            (number, token) => artefacts.WriteAsync(model, number, bytes, token),
            CancellationToken.None);
        server.Track(version);
        await audit.RecordAsync(user, AuditActions.EnsembleCreated, $"{model} v{version.Version}", new
        {
            components = manifest.Components.Select((c, i) => new { version = c.Version, weight = c.Weight, share = shares[i], auc = c.Auc, contribution = c.Contribution }),
            auc = manifest.Auc,
            testRows = evaluation.Metrics.TestRows,
            description = manifest.Description,
            sha256 = version.Sha256,
        }, CancellationToken.None);
        return (version, manifest);
    }

    /// <summary>Reads an ensemble version's manifest from the store (SHA-256 checked).</summary>
    public EnsembleManifest ManifestOf(ModelVersionInfo version) =>
        EnsembleManifest.Parse(artefacts.ReadVerified(version.ArtefactKey, version.Sha256), $"{version.Model} v{version.Version}");

    /// <summary>The component versions, in request order, or every problem keyed by the field it is about.</summary>
    private static List<ModelVersionInfo> Validate(ModelDetails details, EnsembleRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);
        var model = details.Summary.Name;
        var list = request.Components ?? [];
        if (list.Count is < MinComponents or > MaxComponents)
            Add("components", $"An ensemble has {MinComponents} to {MaxComponents} components; got {list.Count}.");
        if (request.Description is { Length: > MaxDescription })
            Add("description", $"description may be at most {MaxDescription} characters.");

        var found = new List<ModelVersionInfo>();
        var seen = new HashSet<int>();
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            if (!(c.Weight > 0 && double.IsFinite(c.Weight)))
                Add($"components[{i}].weight", string.Create(CultureInfo.InvariantCulture, $"weight must be a finite number above 0; got {c.Weight}."));
            var version = details.Versions.FirstOrDefault(v => v.Version == c.Version);
            if (version is null) Add($"components[{i}].version", $"Model '{model}' has no version {c.Version}.");
            else if (!seen.Add(c.Version)) Add($"components[{i}].version", $"v{c.Version} is already a component: each version may appear once.");
            else if (version.Source == VersionSources.Ensemble) Add($"components[{i}].version", $"v{c.Version} is itself an ensemble; ensembles cannot be nested.");
            else found.Add(version);
        }

        if (found.Count > 0)
        {
            var first = found[0];
            for (var i = 0; i < list.Count; i++)
            {
                var v = found.FirstOrDefault(f => f.Version == list[i].Version);
                if (v is null || v == first) continue;
                var field = $"components[{i}].version";
                if (v.Label != first.Label)
                    Add(field, $"v{v.Version} predicts '{v.Label}' but v{first.Version} predicts '{first.Label}': components must share the label.");
                else if (v.PositiveClass != first.PositiveClass)
                    Add(field, $"v{v.Version}'s positive class is '{v.PositiveClass}' but v{first.Version}'s is '{first.PositiveClass}': components must share it.");
                else if (SchemaDifference(first.Schema, v.Schema) is { } difference)
                    Add(field, $"v{v.Version}'s inputs differ from v{first.Version}'s ({difference}): components must have the same feature schema.");
            }
        }

        if (errors.Count > 0)
            throw new EnsembleValidationException("The ensemble was refused: " + string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")) + " Nothing was registered.", errors);
        return found;
    }

    /// <summary>Null when both schemas give the same row (names, types, order and categories; ranges may differ), else what differs first.</summary>
    private static string? SchemaDifference(FeatureSchema a, FeatureSchema b)
    {
        if (a.Features.Count != b.Features.Count) return $"{a.Features.Count} features against {b.Features.Count}";
        for (var i = 0; i < a.Features.Count; i++)
        {
            FeatureSpec x = a.Features[i], y = b.Features[i];
            if (x.Name != y.Name) return $"feature {i + 1} is '{y.Name}', not '{x.Name}'";
            if (x.Type != y.Type) return $"'{x.Name}' is {y.Type}, not {x.Type}";
            if (!(x.Categories ?? []).SequenceEqual(y.Categories ?? [], StringComparer.Ordinal)) return $"'{x.Name}' has other categories";
        }

        return null;
    }

    /// <summary>The test fraction and seed the newest component was evaluated with: its training run's, else its recorded split, else the defaults.</summary>
    private async Task<(double Fraction, int Seed)> SplitOfAsync(ModelVersionInfo version, CancellationToken ct)
    {
        if (version.RunId is { } runId && await runs.GetAsync(runId, ct) is { } run) return (run.Request.TestFraction, run.Request.Seed);
        if (version.Evaluation.EvaluatedOn is { } text && SplitText().Match(text) is { Success: true } m)
            return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 100, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return (DataSplit.DefaultTestFraction, DataSplit.DefaultSeed);
    }

    [GeneratedRegex(@"^test split \(([0-9.]+)%, seed (-?[0-9]+)\)")]
    private static partial Regex SplitText();

    private sealed record ScoredRows(bool[] Actual, double[][] Probabilities);

    /// <summary>
    /// Every component's probability on each row of the newest component's test split (labelled rows, split as training
    /// splits them). Two passes over the file, a row at a time: the labels (a row number and a bool kept per labelled
    /// row), then the test rows, each scored by every component as it is read.
    /// </summary>
    private static ScoredRows Score(Func<Stream> open, ModelVersionInfo newest, IReadOnlyList<ServedModel> components, double fraction, int seed, CancellationToken ct)
    {
        var labelled = new List<int>();
        var labels = new List<bool>();
        int[] columns;
        using (var stream = open())
        using (var reader = CsvRowReader.Open(stream))
        {
            var headers = reader.Headers.ToList();
            var labelIndex = headers.IndexOf(newest.Label);
            if (labelIndex < 0) throw new EnsembleValidationException("components", $"v{newest.Version}'s dataset has no column '{newest.Label}'.");
            columns = newest.Schema.Features.Select(f => headers.IndexOf(f.Name)).ToArray();
            for (var row = 0; reader.Read(); row++)
            {
                if ((row & 4095) == 0) ct.ThrowIfCancellationRequested();
                if (reader.Cells[labelIndex] is not { } label) continue;
                labelled.Add(row);
                labels.Add(label == newest.PositiveClass);
            }
        }

        var (_, test) = DataSplit.Split(labels, fraction, seed);
        var rows = test.Select(k => labelled[k]).ToArray();
        var actual = test.Select(k => labels[k]).ToArray();
        if (columns.Any(c => c < 0)) throw new EnsembleValidationException("components", $"v{newest.Version}'s dataset lacks some of its features.");

        var probabilities = components.Select(_ => new double[rows.Length]).ToArray();
        var leases = new EngineLease?[components.Count];
        try
        {
            for (var c = 0; c < components.Count; c++) leases[c] = components[c].Rent();
            using var stream = open();
            using var reader = CsvRowReader.Open(stream);
            var k = 0;
            foreach (var (cells, _) in SelectedRows.Read(reader, rows))
            {
                if ((k & 1023) == 0) ct.ThrowIfCancellationRequested();
                for (var c = 0; c < components.Count; c++)
                {
                    var lease = leases[c]!;
                    FeatureValueEncoder.Fill(components[c].Schema, i => cells[columns[i]], lease.Input);
                    probabilities[c][k] = lease.Score();
                }

                k++;
            }
        }
        finally
        {
            for (var c = 0; c < components.Count; c++)
                if (leases[c] is { } lease) components[c].Return(lease);
        }

        return new ScoredRows(actual, probabilities);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
