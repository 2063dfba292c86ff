namespace Portal.Core.Artefacts;

/// <summary>
/// The store could not be reached or refused an operation. An <see cref="IOException"/>, so the callers that already
/// turn a disk failure into a sentence do the same for a remote store; the message names the key, not where the store is.
/// </summary>
public sealed class BlobStoreException(string message, Exception? inner = null) : IOException(message, inner);
