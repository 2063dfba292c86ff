using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving.Onnx;

/// <summary>
/// The ONNX files and expected probabilities tools/reference/onnx_fixtures.py wrote (scikit-learn 1.2.1's predict_proba
/// on the test split), and the feature schema Portal derives from the same sample dataset, as an import does.
/// </summary>
public static class OnnxFixtures
{
    public const string BreastLabel = "diagnosis";
    public const string CreditLabel = "Status";

    public static string PathOf(string file) => Path.Combine(TestPaths.RepoRoot, "Portal.Tests", "Core", "Serving", "Onnx", "Fixtures", file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(PathOf(file));

    public static CsvTable Table(string path)
    {
        using var stream = File.OpenRead(path);
        return CsvTableReader.Read(stream);
    }

    /// <summary>The schema an import derives from <paramref name="sample"/>: every column but the label, over the labelled rows.</summary>
    public static FeatureSchema Schema(string sample, string label)
    {
        var table = Table(TestPaths.Sample(sample));
        var labelIndex = table.IndexOf(label);
        var labelled = Enumerable.Range(0, table.RowCount).Where(r => table.Rows[r][labelIndex] is not null).ToArray();
        return FeatureSchemaBuilder.Build(table, label, labelled).Schema;
    }

    /// <summary>The expected file's test rows, each as its raw cells by column name, with scikit-learn's probability.</summary>
    public static IReadOnlyList<(Dictionary<string, string?> Cells, double Expected)> Expected(string file)
    {
        var table = Table(PathOf(file));
        var expected = table.IndexOf("expected_probability");
        return table.Rows.Select(row => (
                table.Headers.Select((h, i) => (h, i)).Where(c => c.i != expected).ToDictionary(c => c.h, c => row[c.i]),
                double.Parse(row[expected]!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    public static void Fill(FeatureSchema schema, Dictionary<string, string?> cells, ModelInput row) =>
        FeatureValueEncoder.Fill(schema, i => cells[schema.Features[i].Name], row);
}
