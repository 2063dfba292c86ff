using Portal.Core.Common;

namespace Portal.Core.Datasets;

/// <summary>
/// The profile's 64-bit hashes of values and rows (<see cref="Fnv1a64"/>), as <see cref="HyperLogLog"/> and the
/// duplicate-row check need.
/// </summary>
internal static class Fnv64
{
    public static ulong Of(string value) => Fnv1a64.Mix(Fnv1a64.Add(Fnv1a64.Offset, value));

    /// <summary>A row's hash: cells separated, a missing cell distinct from an empty string.</summary>
    public static ulong OfRow(string?[] cells)
    {
        var h = Fnv1a64.Offset;
        foreach (var cell in cells)
        {
            h = cell is null ? Fnv1a64.Add(h, 0x1F) : Fnv1a64.Add(Fnv1a64.Add(h, 0x1E), cell);
        }

        return Fnv1a64.Mix(h);
    }
}
