namespace Portal.Core.Performance;

/// <summary>
/// Realized metrics over one bucket (or a whole window when <see cref="Start"/> is null): predictions made, how many are
/// labelled, the coverage (labelled / predictions) and the metrics of the labelled ones (null when none are; AUC null
/// when the labels hold one class only).
/// </summary>
public sealed record RealizedMetrics(
    DateTimeOffset? Start,
    int Predictions,
    int Labelled,
    double Coverage,
    double? Auc,
    double? F1,
    double? Brier,
    double? Accuracy);
