namespace Portal.Core.Registry;

/// <summary>An artefact written to the store: where it is and the SHA-256 of its bytes.</summary>
public sealed record StoredArtefact(string Path, string Sha256);
