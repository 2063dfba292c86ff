namespace Portal.Web.Api.Contracts;

public sealed record DatasetResponse(
    int Id,
    string Name,
    string FileName,
    int Rows,
    IReadOnlyList<ColumnResponse> Columns,
    IReadOnlyList<IssueResponse> Issues,
    string Sha256,
    DateTimeOffset CreatedAt,
    string CreatedBy);
