using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// The row an ONNX version is test-scored with at load: each numeric feature at its training mean (0 when no range
/// was kept), booleans false, categories their most frequent value. Not missing values, as the ML.NET smoke test
/// uses: a graph exported without an imputer legitimately answers NaN to them.
/// </summary>
public static class OnnxSmokeRow
{
    public static void Fill(FeatureSchema schema, ModelInput row)
    {
        int numeric = 0, categorical = 0;
        foreach (var spec in schema.Features)
        {
            if (spec.Type == ColumnType.Categorical)
                row.Categorical[categorical++] = spec.Categories is [var first, ..] ? first : FeatureSchema.MissingCategory;
            else
                row.Numeric[numeric++] = spec.Type == ColumnType.Numeric ? (float)(spec.Range?.Mean ?? 0) : 0f;
        }
    }
}
