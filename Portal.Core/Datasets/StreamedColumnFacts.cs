namespace Portal.Core.Datasets;

/// <summary>What the issue checks need to know about one streamed column, exact or estimated.</summary>
internal sealed record StreamedColumnFacts(
    string Name, ColumnType Type, int Rows, int Present, int Missing, long Distinct, bool DistinctEstimated,
    Func<IReadOnlyDictionary<string, int>> TwoValueCounts, string? OnlyValue, bool LooksLikeIdentifier,
    int NumericCount, string? FirstNonNumber, int FirstNonNumberLine);
