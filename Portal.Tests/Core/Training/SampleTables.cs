using System.Collections.Concurrent;
using System.Text;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Training;

/// <summary>Tables for training tests, read with the product's own CSV reader (each sample parsed once per run).</summary>
internal static class SampleTables
{
    private static readonly ConcurrentDictionary<string, CsvTable> Cache = new();

    public static CsvTable Sample(string fileName) => Cache.GetOrAdd(fileName, f =>
    {
        using var stream = File.OpenRead(TestPaths.Sample(f));
        return CsvTableReader.Read(stream);
    });

    public static CsvTable FromText(string csv) => CsvTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
}
