using System.Buffers.Binary;
using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// A request's labelled rows spilled to a binary temporary file by <see cref="RowSpillWriter"/> during the one CSV pass, so
/// each later ML.NET pass reads fixed-size rows instead of parsing the CSV again. Rows decode to exactly the
/// <see cref="ModelInput"/> that <see cref="FeatureValueEncoder.Fill"/> makes of the CSV cells: numbers are the same
/// floats, and booleans and categories are encoded once per pooled value. The writer keeps every column's float and index
/// (the schema is not known yet); <see cref="Narrow"/> then keeps only what the features read. Disposing deletes the file.
/// </summary>
public sealed class RowSpill : IDisposable
{
    /// <summary>No such part in a row (<see cref="_floatAt"/>, <see cref="_indexAt"/>).</summary>
    private const int Absent = -1;

    private readonly int[] _columns;
    private readonly string[]?[] _pools;
    // Per spilled column, where its float and its 16-bit pool index sit in a row (Absent when not kept), and the row size.
    private readonly int[] _floatAt;
    private readonly int[] _indexAt;
    private int _disposed;

    /// <param name="columns">The file columns spilled, in file order, each with a float and an index (<see cref="StrideOf"/>).</param>
    /// <param name="pools">Per spilled column its distinct values by index, or null where the pool overflowed.</param>
    public RowSpill(string path, int[] columns, string[]?[] pools, int rows)
        : this(path, columns, pools, rows,
            Enumerable.Range(0, columns.Length).Select(c => 4 * c).ToArray(),
            Enumerable.Range(0, columns.Length).Select(c => 4 * columns.Length + 2 * c).ToArray(),
            StrideOf(columns.Length))
    {
    }

    private RowSpill(string path, int[] columns, string[]?[] pools, int rows, int[] floatAt, int[] indexAt, int stride)
    {
        Path = path;
        _columns = columns;
        _pools = pools;
        Rows = rows;
        _floatAt = floatAt;
        _indexAt = indexAt;
        Stride = stride;
    }

    public string Path { get; }

    public int Rows { get; }

    /// <summary>Bytes of one row in the file.</summary>
    public int Stride { get; }

    /// <summary>A new spill file name in <paramref name="folder"/> (the system's temporary folder by default).</summary>
    public static string NewPath(string? folder = null) =>
        System.IO.Path.Combine(folder ?? System.IO.Path.GetTempPath(), "portal-spill.tmp-" + Guid.NewGuid().ToString("N"));

    /// <summary>Bytes of one row of <paramref name="columns"/> spilled columns as written: a float and a 16-bit index each.</summary>
    public static int StrideOf(int columns) => 6 * columns;

    /// <summary>Bytes of one row once narrowed to <paramref name="schema"/>'s features: a float per numeric one, an index per other.</summary>
    public static int StrideOf(FeatureSchema schema) => schema.Features.Sum(f => f.Type == ColumnType.Numeric ? 4 : 2);

    /// <summary>
    /// Rewrites the file (under the same path) with only what <paramref name="schema"/>'s features read, feature i being file
    /// column <paramref name="featureColumns"/>[i]: the float of a numeric one, the index of a boolean or categorical one.
    /// Columns that are not features (free text, no values) and the unread half of each feature go, so every later pass
    /// reads <see cref="StrideOf(FeatureSchema)"/> bytes a row instead of <see cref="StrideOf(int)"/> per column. One
    /// sequential pass over the file; this spill is disposed, the returned one owns the file.
    /// </summary>
    public RowSpill Narrow(FeatureSchema schema, int[] featureColumns, CancellationToken ct = default)
    {
        var n = featureColumns.Length;
        var from = new int[n];
        var floatAt = new int[n];
        var indexAt = new int[n];
        var pools = new string[]?[n];
        var stride = 0;
        for (var i = 0; i < n; i++)
        {
            from[i] = Array.IndexOf(_columns, featureColumns[i]);
            if (from[i] < 0) throw new ArgumentException($"Feature '{schema.Features[i].Name}' is not a spilled column.", nameof(featureColumns));
            var numeric = schema.Features[i].Type == ColumnType.Numeric;
            (floatAt[i], indexAt[i]) = numeric ? (stride, Absent) : (Absent, stride);
            pools[i] = numeric ? null : _pools[from[i]];
            stride += numeric ? 4 : 2;
        }

        var narrowPath = Path + ".narrow";
        try
        {
            using (var source = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            using (var target = new FileStream(narrowPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                var rowsPerBlock = Math.Max(1, (1 << 20) / Stride);
                var input = new byte[Stride * rowsPerBlock];
                var output = new byte[Math.Max(1, stride) * rowsPerBlock];
                for (var row = 0; row < Rows; row += rowsPerBlock)
                {
                    ct.ThrowIfCancellationRequested();
                    var count = Math.Min(rowsPerBlock, Rows - row);
                    source.ReadExactly(input, 0, count * Stride);
                    for (var r = 0; r < count; r++)
                    {
                        var wide = input.AsSpan(r * Stride, Stride);
                        var narrow = output.AsSpan(r * stride, stride);
                        for (var i = 0; i < n; i++)
                        {
                            if (floatAt[i] != Absent) wide.Slice(_floatAt[from[i]], 4).CopyTo(narrow[floatAt[i]..]);
                            else wide.Slice(_indexAt[from[i]], 2).CopyTo(narrow[indexAt[i]..]);
                        }
                    }

                    target.Write(output, 0, count * stride);
                }
            }

            // A rename over the wide file: the spill keeps its path, and the wide rows' disk space is given back now.
            File.Move(narrowPath, Path, overwrite: true);
        }
        catch
        {
            TryDelete(narrowPath);
            throw;
        }

        Interlocked.Exchange(ref _disposed, 1);
        return new RowSpill(Path, featureColumns, pools, Rows, floatAt, indexAt, stride);
    }

    /// <summary>
    /// The rows flagged in <paramref name="include"/> (one flag per spilled row) with their <paramref name="labels"/>, encoded for <paramref name="schema"/>, whose
    /// feature i is file column <paramref name="featureColumns"/>[i]. With <paramref name="reuse"/> one row object is
    /// refilled for every row (for a cursor, which copies values out); otherwise each row is a new object.
    /// </summary>
    public IEnumerable<ModelInput> Read(FeatureSchema schema, int[] featureColumns, bool[] labels, bool[] include, bool reuse)
    {
        var decoders = Decoders(schema, featureColumns);
        var stride = Math.Max(1, Stride);
        // Under 85,000 bytes: a pass's buffer stays off the large object heap, which only a full collection frees (a fit
        // makes a dozen passes, each its own buffer).
        var buffer = new byte[stride * Math.Max(1, (1 << 16) / stride)];
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
        ModelInput? shared = null;
        var row = 0;
        while (row < Rows)
        {
            var want = Math.Min(buffer.Length, (Rows - row) * stride);
            file.ReadExactly(buffer, 0, want);
            for (var at = 0; at < want; at += stride, row++)
            {
                if (!include[row]) continue;
                var input = reuse ? shared ??= ModelInput.For(schema) : ModelInput.For(schema);
                var bytes = buffer.AsSpan(at, stride);
                foreach (var decoder in decoders) decoder.Fill(bytes, input);
                input.Label = labels[row];
                yield return input;
            }
        }
    }

    private FeatureDecoder[] Decoders(FeatureSchema schema, int[] featureColumns)
    {
        var decoders = new FeatureDecoder[featureColumns.Length];
        int numeric = 0, categorical = 0;
        for (var i = 0; i < featureColumns.Length; i++)
        {
            var spec = schema.Features[i];
            var column = Array.IndexOf(_columns, featureColumns[i]);
            if (column < 0) throw new ArgumentException($"Feature '{spec.Name}' is not a spilled column.", nameof(featureColumns));
            var floatAt = _floatAt[column];
            var indexAt = _indexAt[column];
            // A narrowed spill keeps only the part the feature's type reads.
            if ((spec.Type == ColumnType.Numeric ? floatAt : indexAt) == Absent)
                throw new ArgumentException($"Feature '{spec.Name}' is not a {spec.Type} column of this spill.", nameof(schema));
            var pool = _pools[column] ?? [];
            // Booleans and categories are encoded once per distinct value, as FeatureValueEncoder encodes the cell; the last
            // two entries stand for the unpooled and the missing index (no boolean or categorical cell is unpooled).
            decoders[i] = spec.Type switch
            {
                ColumnType.Numeric => new FeatureDecoder(spec.Type, numeric++, floatAt, indexAt, null, null),
                ColumnType.Boolean => new FeatureDecoder(spec.Type, numeric++, floatAt, indexAt,
                    [.. pool.Select(v => FeatureValueEncoder.Boolean(spec, v)), float.NaN, FeatureValueEncoder.Boolean(spec, null)], null),
                ColumnType.Categorical => new FeatureDecoder(spec.Type, categorical++, floatAt, indexAt, null,
                    [.. pool.Select(v => FeatureValueEncoder.Category(spec, v)), FeatureSchema.OtherCategory, FeatureValueEncoder.Category(spec, null)]),
                _ => throw new ArgumentException($"Feature '{spec.Name}' has type {spec.Type}, which is not a model input.", nameof(schema)),
            };
        }

        return decoders;
    }

    /// <summary>How one feature's value is read from a spilled row into its slot of <see cref="ModelInput"/>.</summary>
    private readonly record struct FeatureDecoder(ColumnType Type, int Slot, int FloatAt, int IndexAt, float[]? Booleans, string[]? Categories)
    {
        public void Fill(ReadOnlySpan<byte> row, ModelInput input)
        {
            switch (Type)
            {
                case ColumnType.Numeric:
                    input.Numeric[Slot] = BinaryPrimitives.ReadSingleLittleEndian(row[FloatAt..]);
                    break;
                case ColumnType.Boolean:
                    input.Numeric[Slot] = Booleans![Entry(row, Booleans.Length)];
                    break;
                default:
                    input.Categorical[Slot] = Categories![Entry(row, Categories.Length)];
                    break;
            }
        }

        private int Entry(ReadOnlySpan<byte> row, int entries) => BinaryPrimitives.ReadUInt16LittleEndian(row[IndexAt..]) switch
        {
            RowSpillWriter.MissingIndex => entries - 1,
            RowSpillWriter.UnpooledIndex => entries - 2,
            var index => index,
        };
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) TryDelete(Path);
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary file left behind holds nothing anyone reads; it is not worth failing a run over.
        }
    }
}
