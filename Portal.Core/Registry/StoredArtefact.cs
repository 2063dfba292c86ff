namespace Portal.Core.Registry;

/// <summary>An artefact written to the store: its key relative to the store (<c>model/v3.zip</c>) and the SHA-256 of its bytes.</summary>
public sealed record StoredArtefact(string Key, string Sha256)
{
    /// <summary>Where it was written, so the registry can remove it when its row does not land; never stored or shown.</summary>
    public string? FullPath { get; init; }
}
