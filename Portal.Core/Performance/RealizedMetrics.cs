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
    double? Accuracy)
{
    /// <summary>Precision of the labelled predictions (null when none is labelled): the estimated performance is drawn against it.</summary>
    public double? Precision { get; init; }

    /// <summary>Recall of the labelled predictions (null when none is labelled).</summary>
    public double? Recall { get; init; }
}
