namespace Portal.Core.Registry;

/// <summary>
/// The dataset a version was trained (or, when imported, evaluated) on. A CSV dataset's data window is its
/// upload: <see cref="UploadedAt"/> by <see cref="UploadedBy"/>; <see cref="Sha256"/> is the exact file.
/// <see cref="Available"/> is false when the version names a dataset the registry no longer holds.
/// </summary>
public sealed record ModelCardTrainingData(
    int DatasetId,
    bool Available,
    string? Name,
    string? FileName,
    int? Rows,
    DateTimeOffset? UploadedAt,
    string? UploadedBy,
    string? Sha256);
