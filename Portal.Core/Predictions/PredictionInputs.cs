using System.Text;

namespace Portal.Core.Predictions;

/// <summary>
/// Logged inputs (each a request's JSON features object) as UTF-8, all rows in one buffer: what a drift run reads. A
/// window is 200,000 rows; as bytes they are read without a string per row and parsed without re-encoding.
/// </summary>
public sealed class PredictionInputs
{
    private byte[] _utf8 = new byte[64 * 1024];
    private int[] _ends = new int[1024];
    private int _length;

    public int Count { get; private set; }

    /// <summary>The UTF-8 bytes of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> this[int row] => _utf8.AsSpan(row == 0 ? 0 : _ends[row - 1], _ends[row] - (row == 0 ? 0 : _ends[row - 1]));

    /// <summary>The rows as text (UTF-8 decoded).</summary>
    public IEnumerable<string> AsStrings()
    {
        for (var i = 0; i < Count; i++) yield return Encoding.UTF8.GetString(this[i]);
    }

    public static PredictionInputs Of(IEnumerable<string> rows)
    {
        var inputs = new PredictionInputs();
        foreach (var row in rows) inputs.Add(row);
        return inputs;
    }

    /// <summary>Appends a row given as UTF-8.</summary>
    public void Add(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_utf8.AsSpan(_length));
        End(utf8.Length);
    }

    /// <summary>Appends a row given as text.</summary>
    public void Add(string json)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(json.Length));
        End(Encoding.UTF8.GetBytes(json, _utf8.AsSpan(_length)));
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _utf8.Length) Array.Resize(ref _utf8, Math.Max(_length + bytes, 2 * _utf8.Length));
        if (Count == _ends.Length) Array.Resize(ref _ends, 2 * Count);
    }

    private void End(int bytes)
    {
        _length += bytes;
        _ends[Count++] = _length;
    }
}
