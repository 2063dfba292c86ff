namespace Portal.Core.Rollouts;

/// <summary>A rollout that cannot start (400): <see cref="Errors"/> maps each bad field (the API's JSON names) to its messages.</summary>
public sealed class RolloutValidationException(string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public RolloutValidationException(string field, string message)
        : this(message, new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
