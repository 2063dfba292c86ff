namespace Portal.Core.Training;

/// <summary>The outcome of a successful training: the ML.NET model zip, its inputs and its test evaluation.</summary>
public sealed record TrainedModel(
    byte[] Artefact,
    FeatureSchema Schema,
    Evaluation Evaluation,
    string PositiveClass,
    string NegativeClass);
