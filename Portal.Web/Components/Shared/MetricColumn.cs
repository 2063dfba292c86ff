using Portal.Core.Training;

namespace Portal.Web.Components.Shared;

/// <summary>A test-split metric as tables show it: its label, how to read it from the metrics, and which direction is better.</summary>
public sealed record MetricColumn(string Key, string Label, Func<ModelMetrics, double> Value, bool LowerIsBetter = false)
{
    /// <summary>The quality metrics, in the order tables show them (test rows are a count, not a quality).</summary>
    public static IReadOnlyList<MetricColumn> All { get; } =
    [
        new("auc", "AUC", m => m.Auc),
        new("f1", "F1", m => m.F1),
        new("accuracy", "Accuracy", m => m.Accuracy),
        new("precision", "Precision", m => m.Precision),
        new("recall", "Recall", m => m.Recall),
        new("brier", "Brier", m => m.Brier, LowerIsBetter: true),
        new("logloss", "Log-loss", m => m.LogLoss, LowerIsBetter: true),
        // Versions evaluated before ECE was recorded have none: NaN shows as a dash and is never the best or a delta.
        new("ece", "ECE", m => m.ExpectedCalibrationError ?? double.NaN, LowerIsBetter: true),
    ];
}
