using Microsoft.ML;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>Loads a model zip written by <see cref="ModelTrainer"/> and makes prediction engines for it.</summary>
public static class ModelArtefact
{
    public static ITransformer Load(byte[] artefact)
    {
        using var stream = new MemoryStream(artefact, writable: false);
        return Load(stream);
    }

    public static ITransformer Load(Stream stream) => new MLContext().Model.Load(stream, out _);

    /// <summary>
    /// A prediction engine reading <see cref="ModelInput"/> rows sized for <paramref name="schema"/>.
    /// Not thread-safe: pool engines or give each thread its own.
    /// </summary>
    public static PredictionEngine<ModelInput, ModelOutput> CreateEngine(ITransformer model, FeatureSchema schema) =>
        new MLContext().Model.CreatePredictionEngine<ModelInput, ModelOutput>(model, inputSchemaDefinition: ModelRowSchema.For(schema));
}
