namespace Portal.Core.Predictions;

/// <summary>Filters over the prediction log: [From, To) on the prediction time; Labelled true/false keeps only (un)labelled ones.</summary>
public sealed record PredictionQuery(
    string? Model = null,
    int? Version = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool? Labelled = null,
    int Skip = 0,
    int Take = 50);
