namespace Portal.Core.Serving;

/// <summary>
/// The health states of the runbook, worst first: no_model, error, critical_low_auc (AUC below 0.55),
/// warning_low_auc (0.55 to 0.65), warning_high_drift (drift score above the threshold, 3 sigma by default),
/// warning_stale (older than the configured age, 48 h by default), ok.
/// </summary>
public static class ModelHealth
{
    public const string Ok = "ok";
    public const string WarningLowAuc = "warning_low_auc";
    public const string CriticalLowAuc = "critical_low_auc";
    public const string WarningHighDrift = "warning_high_drift";
    public const string WarningStale = "warning_stale";
    public const string NoModel = "no_model";
    public const string Error = "error";

    public const double CriticalAuc = 0.55;
    public const double WarningAuc = 0.65;
    public const double DefaultDriftThreshold = 3.0;

    public static IReadOnlyList<string> All { get; } = [Ok, WarningLowAuc, CriticalLowAuc, WarningHighDrift, WarningStale, NoModel, Error];

    public static ModelStatus Evaluate(string model, ServingStatus? serving, DateTimeOffset now, TimeSpan staleAfter, double? driftScore, double driftThreshold = DefaultDriftThreshold) =>
        Evaluate(model, serving?.Champion?.Info, serving?.Champion?.LoadedAt, serving?.LastError, now, staleAfter, driftScore, driftThreshold);

    public static ModelStatus Evaluate(string model, Registry.ModelVersionInfo? champion, DateTimeOffset? loadedAt, string? lastError,
        DateTimeOffset now, TimeSpan staleAfter, double? driftScore, double driftThreshold = DefaultDriftThreshold)
    {
        if (champion is null)
            return new ModelStatus(model, false, null, null, null, null, null, null, driftScore, lastError is null ? NoModel : Error, lastError);

        var auc = champion.Metrics.Auc;
        var age = (now - champion.CreatedAt).TotalHours;
        var health = auc < CriticalAuc ? CriticalLowAuc
            : auc < WarningAuc ? WarningLowAuc
            : driftScore > driftThreshold ? WarningHighDrift
            : age > staleAfter.TotalHours ? WarningStale
            : Ok;
        return new ModelStatus(model, true, champion.Version, champion.CreatedAt, auc, champion.Metrics.TrainRows, loadedAt, Math.Round(age, 2), driftScore, health, lastError);
    }
}
