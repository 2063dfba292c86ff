namespace Portal.Core.Retraining;

/// <summary>
/// Fires when the champion's <see cref="Metric"/> (auc or f1) over the last <see cref="WindowHours"/> is below
/// <see cref="Threshold"/>: realized from labels (default), or estimated without labels (CBPE) when
/// <see cref="Source"/> is "estimated".
/// </summary>
public sealed record PerformanceTrigger(string Metric, double Threshold, double WindowHours = 24, string? Source = null);
