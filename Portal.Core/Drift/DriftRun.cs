namespace Portal.Core.Drift;

/// <summary>One drift run of a model version over a window of logged predictions, with its per-feature report.</summary>
public sealed record DriftRun(
    long Id,
    string Model,
    int Version,
    DateTimeOffset At,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    int Rows,
    int ReferenceRows,
    double DriftShare,
    bool DatasetDrift,
    string Status,
    double DriftScore,
    string Trigger,
    DriftReport Report);
