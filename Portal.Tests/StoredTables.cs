using Portal.Core.Datasets;

namespace Portal.Tests;

/// <summary>A stored dataset read whole, for tests that compare with the in-memory path (the product reads files a row at a time).</summary>
internal static class StoredTables
{
    public static CsvTable Read(DatasetService datasets, DatasetInfo dataset)
    {
        using var stream = datasets.OpenFile(dataset);
        return CsvTableReader.Read(stream);
    }
}
