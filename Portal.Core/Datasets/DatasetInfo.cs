namespace Portal.Core.Datasets;

/// <summary>A registered dataset: the CSV file is kept, content-addressed by its SHA-256.</summary>
public sealed record DatasetInfo(
    int Id,
    string Name,
    string FileName,
    int Rows,
    string Sha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DatasetProfile Profile);
