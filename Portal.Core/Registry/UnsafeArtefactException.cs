namespace Portal.Core.Registry;

/// <summary>A model zip refused by <see cref="ArtefactArchive"/>; <see cref="Entry"/> is the offending entry (null when the file is no zip at all).</summary>
public sealed class UnsafeArtefactException(string? entry, string message) : Exception(message)
{
    public string? Entry { get; } = entry;
}
