using System.Buffers.Binary;
using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// Writes a <see cref="RowSpill"/> during <see cref="DatasetFileData"/>'s one pass, before the feature schema is known:
/// for every labelled row and every column but the label, the cell as a number (the float <see cref="FeatureValueEncoder"/>
/// makes of it, NaN when missing or not a number) and as an index into the column's pool of distinct values (kept up to
/// <see cref="FeatureSchemaBuilder.StreamedDistinctCap"/>, as <see cref="FeatureColumnScan"/> keeps them: a column past
/// the cap can only be numeric, which needs the number alone). Fixed-size rows: floats of the columns, then their indices.
/// On any failure the caller disposes the writer, which deletes the file.
/// </summary>
public sealed class RowSpillWriter : IDisposable
{
    /// <summary>Index of a missing cell.</summary>
    public const ushort MissingIndex = ushort.MaxValue;

    /// <summary>Index of a cell of a column whose pool overflowed (its values are then numbers or free text).</summary>
    public const ushort UnpooledIndex = ushort.MaxValue - 1;

    private readonly string _path;
    private readonly int[] _columns;
    private readonly Dictionary<string, ushort>?[] _pools;
    private readonly List<string>[] _values;
    private readonly FileStream _file;
    private readonly byte[] _row;
    private int _rows;
    private bool _completed;

    /// <param name="columns">The file columns spilled (every one but the label), in file order.</param>
    public RowSpillWriter(string path, int[] columns)
    {
        // The pool cap must fit the index type, below the two reserved codes.
        System.Diagnostics.Debug.Assert(FeatureSchemaBuilder.StreamedDistinctCap < UnpooledIndex);
        _path = path;
        _columns = columns;
        _pools = columns.Select(_ => new Dictionary<string, ushort>(StringComparer.Ordinal)).ToArray();
        _values = columns.Select(_ => new List<string>()).ToArray();
        _row = new byte[RowSpill.StrideOf(columns.Length)];
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
    }

    /// <summary>Appends one labelled row (its cells as <see cref="CsvRowReader.Cells"/> gives them).</summary>
    public void Add(string?[] cells)
    {
        var floats = _row.AsSpan(0, 4 * _columns.Length);
        var indices = _row.AsSpan(4 * _columns.Length);
        for (var c = 0; c < _columns.Length; c++)
        {
            var value = cells[_columns[c]];
            BinaryPrimitives.WriteSingleLittleEndian(floats[(4 * c)..], FeatureValueEncoder.Numeric(value));
            BinaryPrimitives.WriteUInt16LittleEndian(indices[(2 * c)..], IndexOf(c, value));
        }

        _file.Write(_row);
        _rows++;
    }

    /// <summary>Closes the file and hands it over: from here the returned spill owns (and deletes) it.</summary>
    public RowSpill Complete()
    {
        _file.Dispose();
        _completed = true;
        var pools = _values.Select((v, c) => _pools[c] is null ? null : v.ToArray()).ToArray();
        return new RowSpill(_path, _columns, pools, _rows);
    }

    private ushort IndexOf(int column, string? value)
    {
        if (value is null) return MissingIndex;
        if (_pools[column] is not { } pool) return UnpooledIndex;
        if (pool.TryGetValue(value, out var index)) return index;
        if (pool.Count < FeatureSchemaBuilder.StreamedDistinctCap)
        {
            index = (ushort)pool.Count;
            pool[value] = index;
            _values[column].Add(value);
            return index;
        }

        // Past the cap, as FeatureColumnScan: the column is no longer categorical or boolean, its pool is not needed.
        _pools[column] = null;
        _values[column] = [];
        return UnpooledIndex;
    }

    public void Dispose()
    {
        if (_completed) return;
        _file.Dispose();
        RowSpill.TryDelete(_path);
    }
}
