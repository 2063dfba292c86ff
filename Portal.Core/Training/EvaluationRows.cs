using System.Globalization;

namespace Portal.Core.Training;

/// <summary>The sentence a version carries to say which rows its metrics come from, for trained and imported versions alike.</summary>
public static class EvaluationRows
{
    public static string TestSplit(double testFraction, int seed, string datasetName, int datasetId, int rows) =>
        string.Create(CultureInfo.InvariantCulture,
            $"test split ({testFraction * 100:0.##}%, seed {seed}) of dataset '{datasetName}' (id {datasetId}): {rows} rows");
}
