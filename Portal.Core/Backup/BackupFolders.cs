namespace Portal.Core.Backup;

/// <summary>
/// The portal's folders a backup reads and a restore fills: the data folder (database, datasets/, jwt-signing.key,
/// keys/ with the data-protection keys) and the artefact store (Portal:ModelsPath), which may lie inside it or elsewhere.
/// </summary>
public sealed record BackupFolders(string DataPath, string ModelsPath)
{
    public const string DatabaseFileName = "portal.db";
    public const string JwtKeyFileName = "jwt-signing.key";
    public const string DatasetsFolder = "datasets";
    public const string KeysFolder = "keys";

    private readonly string? _databaseFile;

    /// <summary>The live database: portal.db in the data folder unless the connection string names another file; a restore always writes portal.db.</summary>
    public string DatabaseFile
    {
        get => _databaseFile ?? Path.Combine(DataPath, DatabaseFileName);
        init => _databaseFile = value;
    }
}
