using System.Runtime.InteropServices;
using System.Text.Json;

namespace Portal.DriftBench;

/// <summary>The arrays bench/drift/reference.py wrote: ref.bin and cur.bin, raw little-endian float64, feature-major.</summary>
internal sealed record BenchData(IReadOnlyList<string> Names, int ReferenceRows, int CurrentRows, double[][] Reference, double[][] Current)
{
    public static BenchData Load(string folder)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The data files are little-endian.");
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
        var names = meta.RootElement.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToList();
        var refRows = meta.RootElement.GetProperty("rows_reference").GetInt32();
        var curRows = meta.RootElement.GetProperty("rows_current").GetInt32();
        return new BenchData(names, refRows, curRows,
            Read(Path.Combine(folder, "ref.bin"), names.Count, refRows), Read(Path.Combine(folder, "cur.bin"), names.Count, curRows));
    }

    private static double[][] Read(string path, int features, int rows)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length != (long)features * rows * sizeof(double))
            throw new InvalidDataException($"{path} holds {stream.Length} bytes, expected {features} x {rows} doubles.");
        var columns = new double[features][];
        for (var f = 0; f < features; f++)
        {
            columns[f] = new double[rows];
            stream.ReadExactly(MemoryMarshal.AsBytes(columns[f].AsSpan()));
        }
        return columns;
    }
}
