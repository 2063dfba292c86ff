namespace Portal.Web.Api.Contracts;

public sealed record DriftRunResponse(
    long Id,
    string Model,
    int Version,
    DateTimeOffset At,
    DriftWindowResponse Window,
    int ReferenceRows,
    double DriftShare,
    bool DatasetDrift,
    string Status,
    double DriftScore,
    string Trigger,
    IReadOnlyList<DriftFeatureResponse> Features);
