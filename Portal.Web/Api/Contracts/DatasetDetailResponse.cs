namespace Portal.Web.Api.Contracts;

public sealed record DatasetDetailResponse(
    int Id,
    string Name,
    string FileName,
    int Rows,
    IReadOnlyList<ColumnResponse> Columns,
    IReadOnlyList<IssueResponse> Issues,
    string Sha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<ColumnProfileResponse> Profile);
