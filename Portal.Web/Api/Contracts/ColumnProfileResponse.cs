using Portal.Core.Datasets;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A column's profile. Past 100,000 distinct values a column is summarised by sketches: <c>distinctEstimated</c> (a
/// HyperLogLog estimate, about 0.8% standard error), <c>topCategoriesEstimated</c> (Misra-Gries counts, at most
/// rows/1025 low), <c>quantileRankError</c> (KLL quantiles: each P5..P95's true rank within this fraction) and
/// <c>histogramEstimated</c> (bins filled from the sketch) say which figures are estimates.
/// </summary>
public sealed record ColumnProfileResponse(
    string Name,
    string Type,
    int Missing,
    int Distinct,
    NumericSummary? Numeric,
    IReadOnlyList<CategoryCount>? TopCategories,
    Histogram? Histogram,
    bool DistinctEstimated,
    double? QuantileRankError,
    bool TopCategoriesEstimated,
    bool HistogramEstimated);
