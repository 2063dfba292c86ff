namespace Portal.Core.Training;

/// <summary>A training request that cannot start: <see cref="Errors"/> maps each bad field to its messages.</summary>
public sealed class TrainingValidationException(string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public TrainingValidationException(string field, string message)
        : this(message, new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
