using System.Buffers.Binary;
using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// A request's labelled rows spilled to a binary temporary file by <see cref="RowSpillWriter"/> during the one CSV pass, so
/// each later ML.NET pass reads fixed-size rows instead of parsing the CSV again. Rows decode to exactly the
/// <see cref="ModelInput"/> that <see cref="FeatureValueEncoder.Fill"/> makes of the CSV cells: numbers are the same
/// floats, and booleans and categories are encoded once per pooled value. Disposing deletes the file.
/// </summary>
public sealed class RowSpill : IDisposable
{
    private readonly int[] _columns;
    private readonly string[]?[] _pools;
    private int _disposed;

    /// <param name="columns">The file columns spilled, in file order.</param>
    /// <param name="pools">Per spilled column its distinct values by index, or null where the pool overflowed.</param>
    public RowSpill(string path, int[] columns, string[]?[] pools, int rows)
    {
        Path = path;
        _columns = columns;
        _pools = pools;
        Rows = rows;
    }

    public string Path { get; }

    public int Rows { get; }

    /// <summary>A new spill file name in <paramref name="folder"/> (the system's temporary folder by default).</summary>
    public static string NewPath(string? folder = null) =>
        System.IO.Path.Combine(folder ?? System.IO.Path.GetTempPath(), "portal-spill.tmp-" + Guid.NewGuid().ToString("N"));

    /// <summary>Bytes of one row of <paramref name="columns"/> spilled columns: a float and a 16-bit index each.</summary>
    public static int StrideOf(int columns) => 6 * columns;

    /// <summary>
    /// The rows flagged in <paramref name="include"/> (one flag per spilled row) with their <paramref name="labels"/>, encoded for <paramref name="schema"/>, whose
    /// feature i is file column <paramref name="featureColumns"/>[i]. With <paramref name="reuse"/> one row object is
    /// refilled for every row (for a cursor, which copies values out); otherwise each row is a new object.
    /// </summary>
    public IEnumerable<ModelInput> Read(FeatureSchema schema, int[] featureColumns, bool[] labels, bool[] include, bool reuse)
    {
        var decoders = Decoders(schema, featureColumns);
        var stride = StrideOf(_columns.Length);
        var buffer = new byte[stride * Math.Max(1, (1 << 20) / stride)];
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
            var floatAt = 4 * column;
            var indexAt = 4 * _columns.Length + 2 * column;
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
