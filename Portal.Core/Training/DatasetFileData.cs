using Microsoft.ML;
using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// A request's labelled rows read from the stored dataset file rather than held: one pass with
/// <see cref="CsvRowReader"/> keeps only the labelled rows' numbers and labels (5 bytes a row), the label's value counts
/// and per column the counts <see cref="FeatureSchemaBuilder"/> needs (distinct values capped at
/// <see cref="FeatureSchemaBuilder.StreamedDistinctCap"/>); the split is <see cref="DataSplit.Split"/> over those labels,
/// so it is the in-memory path's split by construction. Rows are read again through a <see cref="DatasetFileView"/>
/// each time a fit, a score or an explanation needs them: from the <see cref="RowSpill"/> written in the same pass when
/// the load was given a spill path (no CSV parsed again), else from the CSV.
/// </summary>
public sealed class DatasetFileData : ITrainingRows, IDisposable
{
    private readonly Func<Stream> _open;
    private readonly int[] _featureColumns;
    private readonly int[] _labelled;
    private readonly RowSpill? _spill;

    private DatasetFileData(Func<Stream> open, RowSpill? spill, FeatureSchemaResult features, int[] featureColumns, int[] labelled, bool[] labels,
        double testFraction, int seed, string positive, string negative, int rowCount)
    {
        _open = open;
        _spill = spill;
        _featureColumns = featureColumns;
        _labelled = labelled;
        Schema = features.Schema;
        Excluded = features.Excluded;
        Labels = labels;
        (Train, Test) = DataSplit.Split(labels, testFraction, seed);
        PositiveClass = positive;
        NegativeClass = negative;
        DroppedRows = rowCount - labelled.Length;
    }

    public FeatureSchema Schema { get; }
    public bool[] Labels { get; }
    public int[] Train { get; }
    public int[] Test { get; }
    public string PositiveClass { get; }
    public string NegativeClass { get; }
    public IReadOnlyList<string> Excluded { get; }
    public int DroppedRows { get; }

    /// <summary>
    /// Reads the file once and checks the request as <see cref="ModelTrainer.Validate"/> does (same messages); throws
    /// <see cref="TrainingValidationException"/>, or <see cref="CsvFormatException"/> for a file that no longer parses.
    /// Every later pass parses the file again; <see cref="Load(Func{Stream}, TrainingRequest, int, string, CancellationToken)"/> does not.
    /// </summary>
    /// <param name="open">Opens the stored file; called once here and once per cursor later, from any thread.</param>
    public static DatasetFileData Load(Func<Stream> open, TrainingRequest request, int maxSweepCandidates = TrainingSettings.DefaultMaxSweepCandidates) =>
        Load(open, request, maxSweepCandidates, null, CancellationToken.None);

    /// <summary>
    /// As above, also spilling the labelled rows to <paramref name="spillPath"/> (a new file, see <see cref="RowSpill"/>) in
    /// the same pass, narrowed to the features once the pass has found them: every later pass reads that file rather than
    /// parsing the CSV. Disposing the result deletes it; so does
    /// a failure or a cancel here.
    /// </summary>
    public static DatasetFileData Load(Func<Stream> open, TrainingRequest request, int maxSweepCandidates, string? spillPath, CancellationToken ct)
    {
        RowSpillWriter? writer = null;
        RowSpill? spill = null;
        try
        {
            using var stream = open();
            using var reader = CsvRowReader.Open(stream);
            var headers = reader.Headers;
            var labelIndex = IndexOf(headers, request.Label);
            var scans = FeatureSchemaBuilder.Scans(headers, request.Label, FeatureSchemaBuilder.StreamedDistinctCap);
            if (spillPath is not null && labelIndex >= 0)
                writer = new RowSpillWriter(spillPath, Enumerable.Range(0, headers.Count).Where(c => c != labelIndex).ToArray());
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var moreLabelValues = false;
            var labelled = new List<int>();
            var labels = new List<bool>();
            var rows = 0;
            while (labelIndex >= 0 && reader.Read())
            {
                if ((rows & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                var cells = reader.Cells;
                var row = rows++;
                if (cells[labelIndex] is not { } label) continue;
                labelled.Add(row);
                labels.Add(label == request.PositiveClass);
                if (counts.TryGetValue(label, out var count)) counts[label] = count + 1;
                else if (counts.Count < FeatureSchemaBuilder.StreamedDistinctCap) counts[label] = 1;
                else moreLabelValues = true;
                FeatureSchemaBuilder.Add(scans, cells);
                writer?.Add(cells);
            }

            var (negative, features) = ModelTrainer.Check(request, maxSweepCandidates, headers, labelIndex >= 0,
                counts.Select(c => (c.Key, c.Value)), moreLabelValues, () => FeatureSchemaBuilder.Result(scans));
            var featureColumns = features.Schema.Features.Select(f => IndexOf(headers, f.Name)).ToArray();
            spill = writer?.Complete();
            // Every fit, score and explanation reads the spill again: from here it holds the features' parts alone.
            spill = spill?.Narrow(features.Schema, featureColumns, ct);
            return new DatasetFileData(open, spill, features, featureColumns, labelled.ToArray(), labels.ToArray(),
                request.TestFraction, request.Seed, request.PositiveClass, negative, rows);
        }
        catch
        {
            spill?.Dispose();
            throw;
        }
        finally
        {
            writer?.Dispose();
        }
    }

    public int[] Folds(int folds, int seed) => StratifiedFolds.Assign(Train, Train.Select(r => Labels[r]).ToArray(), folds, seed);

    public IDataView View(MLContext ml, IReadOnlyList<int> rows) => FileView(rows);

    public IEnumerable<ModelInput> Read(IReadOnlyList<int> rows) => FileView(rows).Rows();

    public IEnumerable<ModelInput> ReadEach(IReadOnlyList<int> rows) => FileView(rows).Rows(reuse: true);

    private DatasetFileView FileView(IReadOnlyList<int> rows)
    {
        // The file is read in order: rows out of order would come back sorted, silently pairing scores with wrong labels.
        var include = new bool[Labels.Length];
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0 && rows[i] <= rows[i - 1]) throw new ArgumentException("A streamed dataset's rows are read in ascending order.", nameof(rows));
            include[rows[i]] = true;
        }

        return _spill is { } spill
            ? new DatasetFileView(Schema, reuse => spill.Read(Schema, _featureColumns, Labels, include, reuse), rows.Count)
            : new DatasetFileView(Schema, _ => CsvRows(include), rows.Count);
    }

    /// <summary>The rows flagged in <paramref name="include"/> (one flag per labelled row), parsed from the CSV again.</summary>
    private IEnumerable<ModelInput> CsvRows(bool[] include)
    {
        using var stream = _open();
        using var reader = CsvRowReader.Open(stream);
        var row = -1;
        var next = 0;
        while (next < _labelled.Length && reader.Read())
        {
            row++;
            if (_labelled[next] != row) continue;
            var k = next++;
            if (!include[k]) continue;
            var cells = reader.Cells;
            var input = ModelInput.For(Schema);
            FeatureValueEncoder.Fill(Schema, i => cells[_featureColumns[i]], input);
            input.Label = Labels[k];
            yield return input;
        }
    }

    /// <summary>Deletes the spilled rows, if any; the data must not be read afterwards.</summary>
    public void Dispose() => _spill?.Dispose();

    private static int IndexOf(IReadOnlyList<string> headers, string column)
    {
        for (var i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i], column, StringComparison.Ordinal)) return i;
        return -1;
    }
}
