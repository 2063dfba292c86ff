using Microsoft.ML;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// A prediction engine with its own input row and output buffers. PredictionEngine is not thread-safe,
/// so each request rents a whole lease from the pool and fills its row in place: no allocation per call.
/// </summary>
public sealed class EngineLease(PredictionEngine<ModelInput, ModelOutput> engine, FeatureSchema schema)
{
    public ModelInput Input { get; } = ModelInput.For(schema);
    public ModelOutput Output { get; } = new();
    /// <summary>Which features a request has named, reset per request by the binder.</summary>
    public bool[] Seen { get; } = new bool[schema.Features.Count];

    public float Score()
    {
        var output = Output;
        engine.Predict(Input, ref output);
        return output.Probability;
    }
}
