namespace Portal.Core.Registry;

/// <summary>
/// An ensemble that was refused; nothing was registered. <see cref="Errors"/> maps each bad field to its messages:
/// <c>components</c> for the list as a whole, <c>components[i].version</c> or <c>components[i].weight</c> for one entry.
/// </summary>
public sealed class EnsembleValidationException(string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public EnsembleValidationException(string field, string message)
        : this(message, new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
