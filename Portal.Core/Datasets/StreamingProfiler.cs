namespace Portal.Core.Datasets;

/// <summary>
/// Profiles a CSV in one pass over its rows, in memory bounded by the number of distinct values per column rather than
/// by the rows: while a column has at most <see cref="DistinctBound"/> distinct values its figures are exact and equal
/// to <see cref="DatasetProfiler"/>'s (the materialised reference); past it, sketches take over and the column profile
/// says which figures are estimates. Duplicate rows are found by 64-bit row hashes among the first
/// <see cref="RowHashBound"/> rows; later rows are compared with those only.
/// </summary>
public sealed class StreamingProfiler
{
    public const int DefaultDistinctBound = 100_000;

    /// <summary>About 20-30 MB of row hashes at most (a HashSet of 64-bit hashes, 16 bytes an entry plus buckets).</summary>
    public const int DefaultRowHashBound = 1_000_000;

    private readonly ColumnAccumulator[] _columns;
    private readonly HashSet<ulong> _rowHashes = [];
    private int _rows;
    private int _duplicates;

    public StreamingProfiler(IReadOnlyList<string> headers, int distinctBound = DefaultDistinctBound, int rowHashBound = DefaultRowHashBound)
    {
        ArgumentNullException.ThrowIfNull(headers);
        // Two or fewer distinct values decide boolean types and class balance, so they are always counted exactly.
        ArgumentOutOfRangeException.ThrowIfLessThan(distinctBound, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(rowHashBound);
        DistinctBound = distinctBound;
        RowHashBound = rowHashBound;
        _columns = headers.Select(h => new ColumnAccumulator(h, distinctBound)).ToArray();
    }

    public int DistinctBound { get; }
    public int RowHashBound { get; }
    public int Rows => _rows;

    /// <summary>Reads every row of <paramref name="reader"/> and profiles them.</summary>
    public static DatasetProfile Profile(CsvRowReader reader, int distinctBound = DefaultDistinctBound, int rowHashBound = DefaultRowHashBound,
        CancellationToken ct = default) =>
        Profile(reader, distinctBound, rowHashBound, checkpoint: null, ct);

    /// <summary>
    /// As above; <paramref name="checkpoint"/>, if given, is called every 4096 rows (with the cancellation check) so a
    /// caller can report progress at no cost per row.
    /// </summary>
    public static DatasetProfile Profile(CsvRowReader reader, int distinctBound, int rowHashBound, Action? checkpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var profiler = new StreamingProfiler(reader.Headers, distinctBound, rowHashBound);
        while (reader.Read())
        {
            // A check every 4096 rows costs nothing and stops a multi-GB pass within milliseconds.
            if ((reader.RowCount & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
                checkpoint?.Invoke();
            }
            profiler.Add(reader.Cells, reader.Line);
        }

        return profiler.Complete();
    }

    public void Add(string?[] cells, int line)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Length) throw new ArgumentException($"The row has {cells.Length} cells but the header {_columns.Length}.", nameof(cells));
        for (var c = 0; c < cells.Length; c++) _columns[c].Add(cells[c], line);
        var hash = Fnv64.OfRow(cells);
        if (_rows < RowHashBound ? !_rowHashes.Add(hash) : _rowHashes.Contains(hash)) _duplicates++;
        _rows++;
    }

    public DatasetProfile Complete()
    {
        var columns = new List<ColumnProfile>(_columns.Length);
        var issues = new List<DatasetIssue>();
        foreach (var column in _columns)
            columns.Add(column.Counts is not null
                ? ExactColumnProfile.Build(column, _rows, issues)
                : SketchedColumnProfile.Build(column, _rows, issues));

        if (_duplicates > 0)
        {
            var rows = _duplicates == 1 ? "1 row is an exact duplicate" : $"{DatasetProfiler.N(_duplicates)} rows are exact duplicates";
            var beyond = _rows > RowHashBound
                ? $" Rows after the first {DatasetProfiler.N(RowHashBound)} were compared only with those, so there may be more."
                : "";
            issues.Add(new DatasetIssue(DatasetIssue.Warning, null, $"{rows} of an earlier row.{beyond}"));
        }
        else if (_rows > RowHashBound)
        {
            issues.Add(new DatasetIssue(DatasetIssue.Warning, null,
                $"Duplicate rows were not checked beyond the first {DatasetProfiler.N(RowHashBound)} rows (only against those)."));
        }

        return new DatasetProfile(_rows, columns, issues);
    }
}
