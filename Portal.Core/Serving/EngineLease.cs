using Microsoft.ML;
using Portal.Core.Serving.Onnx;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// A request's scoring buffers: its own input row (filled in place: no allocation per call) and what scores it,
/// the served model's shared <see cref="CompiledScorer"/> when it compiled, else a PredictionEngine of its own
/// (not thread-safe, hence one per lease, rented from the pool).
/// </summary>
public sealed class EngineLease
{
    private readonly PredictionEngine<ModelInput, ModelOutput>? _engine;
    private readonly CompiledScorer? _scorer;
    private readonly OnnxScorer? _onnx;
    private readonly OnnxBuffers? _onnxBuffers;
    private readonly EngineLease[]? _parts;
    private readonly double[]? _shares;

    public EngineLease(PredictionEngine<ModelInput, ModelOutput> engine, FeatureSchema schema)
        : this(schema) => _engine = engine;

    public EngineLease(CompiledScorer scorer, FeatureSchema schema)
        : this(schema) => _scorer = scorer;

    /// <summary>An ONNX version's lease: the shared session, and runtime tensors of its own over <see cref="Input"/>.</summary>
    public EngineLease(OnnxScorer onnx, FeatureSchema schema)
        : this(schema)
    {
        _onnx = onnx;
        _onnxBuffers = onnx.CreateBuffers(Input);
    }

    /// <summary>
    /// An ensemble's lease: it holds one lease of each component for its whole life (so scoring rents nothing) and
    /// copies its own input into theirs, which have the same layout (the components share the ensemble's schema).
    /// </summary>
    public EngineLease(IReadOnlyList<ServedModel> components, double[] shares, FeatureSchema schema)
        : this(schema)
    {
        _parts = components.Select(c => c.Rent()).ToArray();
        _shares = shares;
    }

    private EngineLease(FeatureSchema schema)
    {
        Input = ModelInput.For(schema);
        Seen = new bool[schema.Features.Count];
    }

    public ModelInput Input { get; }

    /// <summary>The engine's last full output (on the engine path; the compiled path fills only the probability).</summary>
    public ModelOutput Output { get; } = new();

    /// <summary>Which features a request has named, reset per request by the binder.</summary>
    public bool[] Seen { get; }

    public float Score()
    {
        var output = Output;
        if (_parts is not null)
        {
            double mean = 0;
            for (var i = 0; i < _parts.Length; i++)
            {
                var part = _parts[i];
                Input.Numeric.AsSpan().CopyTo(part.Input.Numeric);
                Input.Categorical.AsSpan().CopyTo(part.Input.Categorical);
                mean += _shares![i] * part.Score();
            }

            output.Probability = (float)mean;
            return output.Probability;
        }

        if (_scorer is not null)
        {
            output.Probability = _scorer.Score(Input);
            return output.Probability;
        }

        if (_onnx is not null)
        {
            output.Probability = _onnx.Score(Input, _onnxBuffers!);
            return output.Probability;
        }

        _engine!.Predict(Input, ref output);
        return output.Probability;
    }
}
