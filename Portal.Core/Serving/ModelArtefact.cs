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

    public static ITransformer Load(Stream stream) => Load(stream, out _);

    /// <summary>Loads a model and the input schema it was trained on, to check it against a version's features.</summary>
    public static ITransformer Load(Stream stream, out DataViewSchema inputSchema) => new MLContext().Model.Load(stream, out inputSchema);

    /// <summary>
    /// A prediction engine reading <see cref="ModelInput"/> rows sized for <paramref name="schema"/>.
    /// Not thread-safe: pool engines or give each thread its own.
    /// </summary>
    public static PredictionEngine<ModelInput, ModelOutput> CreateEngine(ITransformer model, FeatureSchema schema) =>
        new MLContext().Model.CreatePredictionEngine<ModelInput, ModelOutput>(model, inputSchemaDefinition: ModelRowSchema.For(schema));
}
