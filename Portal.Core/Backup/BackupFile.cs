using System.Text.Json.Serialization;

namespace Portal.Core.Backup;

/// <summary>One file of a backup: its path inside the archive (see <see cref="BackupLayout"/>), its size and its SHA-256.</summary>
public sealed record BackupFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);
