namespace Portal.Core.Serving;

/// <summary>A scored row; <see cref="Warnings"/> lists inputs far outside the training range (null: none).</summary>
public sealed record Prediction(Guid PredictionId, string Model, int Version, string Label, double Probability, IReadOnlyList<InputWarning>? Warnings = null);

public sealed record BatchPrediction(string Model, int Version, IReadOnlyList<Prediction> Predictions);

/// <summary>A result or the reason there is none; <see cref="Errors"/> names each bad field for <see cref="PredictFailure.InvalidInput"/>.</summary>
public sealed record PredictOutcome<T>(T? Value, PredictFailure Failure, string? Message = null, IReadOnlyDictionary<string, string[]>? Errors = null)
    where T : class
{
    public static PredictOutcome<T> Ok(T value) => new(value, PredictFailure.None);

    public static PredictOutcome<T> Fail(PredictFailure failure, string message, IReadOnlyDictionary<string, string[]>? errors = null) => new(null, failure, message, errors);
}
