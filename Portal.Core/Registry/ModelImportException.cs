namespace Portal.Core.Registry;

/// <summary>
/// An import that was refused; nothing was registered. <see cref="Errors"/> maps each bad field to its messages:
/// <c>file</c> when the artefact is not a loadable model or does not fit the dataset, otherwise the request
/// field that is wrong (<c>name</c>, <c>datasetId</c>, <c>label</c>, <c>positiveClass</c>).
/// </summary>
public sealed class ModelImportException(string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public const string FileField = "file";

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>True when the file itself was refused (the request was well formed).</summary>
    public bool IsFileRefused => Errors.ContainsKey(FileField);

    public ModelImportException(string field, string message)
        : this(message, new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
