using System.Text;
using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>
/// A categorical feature's values by their UTF-8 bytes (unescaped JSON strings), each decoded and normalised
/// (<see cref="DriftFeatureValues.Category"/>) once: a window of 200,000 rows holds a few distinct categories, and a
/// string per row and feature was most of the parse's allocation. Up to <see cref="MaxEntries"/> values are kept; past
/// that (an identifier-like feature) a value is decoded each time, as before. One per thread: not thread-safe.
/// </summary>
internal sealed class Utf8Strings
{
    private const int Slots = 1024;
    public const int MaxEntries = Slots / 2;

    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string?[Slots];
    private int _count;

    /// <summary>The category <paramref name="utf8"/> (valid UTF-8) stands for, as <see cref="DriftFeatureValues.Category"/> gives it.</summary>
    public string? Get(ReadOnlySpan<byte> utf8, FeatureSpec spec)
    {
        var slot = (int)(Hash(utf8) & (Slots - 1));
        while (_keys[slot] is { } key)
        {
            if (utf8.SequenceEqual(key)) return _values[slot];
            slot = (slot + 1) & (Slots - 1);
        }

        var value = DriftFeatureValues.Category(spec, Encoding.UTF8.GetString(utf8));
        if (_count < MaxEntries)
        {
            _keys[slot] = utf8.ToArray();
            _values[slot] = value;
            _count++;
        }

        return value;
    }

    /// <summary>Seeded per process (<see cref="HashCode"/>), so logged values cannot be chosen to collide.</summary>
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return (uint)hash.ToHashCode();
    }
}
