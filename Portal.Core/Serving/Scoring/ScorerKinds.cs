namespace Portal.Core.Serving.Scoring;

/// <summary>Which path a served model scores through, as shown by <see cref="ServedModel.ScorerKind"/>.</summary>
public static class ScorerKinds
{
    /// <summary>The <see cref="CompiledScorer"/>: flat arrays, thread-safe, no allocation per row.</summary>
    public const string Compiled = "compiled";

    /// <summary>ML.NET prediction engines rented from a pool (the fallback for models that do not compile).</summary>
    public const string Engine = "engine";

    /// <summary>An ONNX model served through ONNX Runtime: one session per version, reused tensors per lease.</summary>
    public const string Onnx = "onnx";

    /// <summary>The weighted mean of other served versions (an ensemble version): each component scores through its own path.</summary>
    public const string Ensemble = "ensemble";
}
