namespace Portal.Core.Retraining;

/// <summary>Fires when the champion's realized <see cref="Metric"/> (auc or f1) over the last <see cref="WindowHours"/> is below <see cref="Threshold"/>.</summary>
public sealed record PerformanceTrigger(string Metric, double Threshold, double WindowHours = 24);
