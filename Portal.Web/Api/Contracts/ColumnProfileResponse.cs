using Portal.Core.Datasets;

namespace Portal.Web.Api.Contracts;

public sealed record ColumnProfileResponse(
    string Name,
    string Type,
    int Missing,
    int Distinct,
    NumericSummary? Numeric,
    IReadOnlyList<CategoryCount>? TopCategories,
    Histogram? Histogram);
