using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// Rows of a stored dataset file as the columns <see cref="ModelRowSchema"/> gives (Numeric, Categorical, Label), encoded
/// exactly as the in-memory rows are. Nothing is held: every cursor asks <paramref name="rows"/> for a new pass (the CSV read
/// again with <see cref="CsvRowReader"/>, or its <see cref="RowSpill"/>), one row at a time, safely from any thread, so
/// cursors are independent and a set of them is one cursor. <paramref name="rows"/>(true) may refill one row object for
/// every row (a cursor copies the values out); <paramref name="rows"/>(false) must give a new object per row.
/// </summary>
public sealed class DatasetFileView(FeatureSchema schema, Func<bool, IEnumerable<ModelInput>> rows, int rowCount) : IDataView
{
    public DataViewSchema Schema { get; } = SchemaOf(schema);

    public bool CanShuffle => false;

    public long? GetRowCount() => rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded) active[column.Index] = true;
        return new Cursor(this, active);
    }

    /// <summary>One cursor: the rows come in file order, as the in-memory rows did, so fits see the same sequence.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The same columns, in the same order and of the same types, as <see cref="ModelRowSchema.For"/> gives ML.NET.</summary>
    public static DataViewSchema SchemaOf(FeatureSchema schema)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(ModelRowSchema.NumericColumn, new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, schema.NumericCount)));
        builder.AddColumn(ModelRowSchema.CategoricalColumn, new VectorDataViewType(TextDataViewType.Instance, Math.Max(1, schema.CategoricalCount)));
        builder.AddColumn(ModelRowSchema.LabelColumn, BooleanDataViewType.Instance);
        return builder.ToSchema();
    }

    /// <summary>
    /// The chosen rows as <see cref="ModelInput"/>s, read lazily (one row object alive at a time unless kept); with
    /// <paramref name="reuse"/> one object may be refilled for every row, for a caller done with each before the next.
    /// </summary>
    public IEnumerable<ModelInput> Rows(bool reuse = false) => rows(reuse);

    private IEnumerable<ModelInput> CursorRows() => rows(true);

    private sealed class Cursor : DataViewRowCursor
    {
        private const int NumericIndex = 0, CategoricalIndex = 1, LabelIndex = 2;

        private readonly DatasetFileView _view;
        private readonly bool[] _active;
        private readonly IEnumerator<ModelInput> _rows;
        private ModelInput? _current;
        private long _position = -1;

        public Cursor(DatasetFileView view, bool[] active)
        {
            _view = view;
            _active = active;
            _rows = view.CursorRows().GetEnumerator();
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                _current = null;
                return false;
            }

            _current = _rows.Current;
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        // As ML.NET's own enumerable views: a row's id is its position.
        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index]) throw new InvalidOperationException($"Column '{column.Name}' was not asked for when the cursor was made.");
            Delegate getter = column.Index switch
            {
                NumericIndex => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var numeric = Row().Numeric;
                    var editor = VBufferEditor.Create(ref value, numeric.Length);
                    numeric.AsSpan().CopyTo(editor.Values);
                    value = editor.Commit();
                }),
                CategoricalIndex => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> value) =>
                {
                    var categorical = Row().Categorical;
                    var editor = VBufferEditor.Create(ref value, categorical.Length);
                    for (var i = 0; i < categorical.Length; i++) editor.Values[i] = categorical[i].AsMemory();
                    value = editor.Commit();
                }),
                LabelIndex => (ValueGetter<bool>)((ref bool value) => value = Row().Label),
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Index, "Not a column of this view."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
        }

        private ModelInput Row() => _current ?? throw new InvalidOperationException("The cursor is not on a row.");

        protected override void Dispose(bool disposing)
        {
            if (disposing) _rows.Dispose();
            base.Dispose(disposing);
        }
    }
}
