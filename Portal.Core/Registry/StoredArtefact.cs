namespace Portal.Core.Registry;

/// <summary>An artefact written to the store: its key relative to the store (<c>model/v3.zip</c>) and the SHA-256 of its bytes.</summary>
public sealed record StoredArtefact(string Key, string Sha256)
{
    /// <summary>Removes what was written, so the registry can clean up when its row does not land; never throws.</summary>
    public Func<Task>? Discard { get; init; }
}
