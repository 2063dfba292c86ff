namespace Portal.Core.Registry;

/// <summary>An artefact that is missing, altered since it was registered, or not a loadable model.</summary>
public sealed class ArtefactIntegrityException(string message, Exception? inner = null) : Exception(message, inner);
