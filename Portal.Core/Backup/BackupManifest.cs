using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Core.Backup;

/// <summary>
/// manifest.json, the first entry of every backup: what wrote it (Portal version, the database's last EF migration), when,
/// and every other entry with its size and SHA-256, so a restore checks each file before anything reaches its final place.
/// </summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("portal_version")] string PortalVersion,
    [property: JsonPropertyName("migration_id")] string MigrationId,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("files")] IReadOnlyList<BackupFile> Files)
{
    /// <summary>The archive layout this build writes and reads; a later layout gets a new number.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The manifest, or null when the bytes are not one (a restore then refuses the archive).</summary>
    public static BackupManifest? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(json, Json);
            return manifest is { PortalVersion: not null, MigrationId: not null, Files: not null } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
