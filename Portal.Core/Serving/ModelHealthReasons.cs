using System.Globalization;

namespace Portal.Core.Serving;

/// <summary>Why a model is in its health state, in a sentence (the dashboard's tooltip; the README's table says what to do).</summary>
public static class ModelHealthReasons
{
    public static string Explain(ModelStatus status, ModelHealthSettings settings) => status.Health switch
    {
        ModelHealth.Ok => "Serving, with a test AUC of at least 0.65, no high drift and a recent champion.",
        ModelHealth.NoModel => "No champion is loaded: promote a version.",
        ModelHealth.Error => "The champion could not be loaded: check its artefact, roll back or promote another version.",
        ModelHealth.CriticalLowAuc => $"The champion's test AUC {N(status.Auc)} is below {N(ModelHealth.CriticalAuc)}: retrain now.",
        ModelHealth.WarningLowAuc => $"The champion's test AUC {N(status.Auc)} is below {N(ModelHealth.WarningAuc)}: schedule a retrain.",
        ModelHealth.WarningHighDrift => $"The drift score {N(status.DriftScore)} is above the threshold {N(settings.DriftScoreThreshold)}: check the inputs, retrain on recent data.",
        ModelHealth.WarningStale => $"The champion was trained {N(status.AgeHours, "0")} hours ago, more than {N(settings.StaleAfter.TotalHours, "0.#")}: check why no newer version was promoted.",
        _ => status.Health,
    };

    private static string N(double? value, string format = "0.00") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
