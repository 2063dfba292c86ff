namespace Portal.Core.Registry;

/// <summary>
/// An ensemble version's health: where it serves (<c>champion</c>, <c>challenger</c>, <c>rollout-candidate</c>), whether it is
/// loaded, why not, and what it measured at creation; with each component's state.
/// </summary>
public sealed record EnsembleStatus(
    string Model,
    int Version,
    IReadOnlyList<string> ServesAs,
    bool Loaded,
    string? Scorer,
    string? Error,
    double? Auc,
    string? EvaluatedOn,
    string? Note,
    string? Description,
    IReadOnlyList<EnsembleComponentStatus> Components);

/// <summary>
/// One component: its weight as given and as a share of the total, its registry stage (an archived component still serves
/// inside the ensemble: <see cref="StageNote"/> says so), whether it is loaded and through which scorer, and the test AUC/F1
/// and leave-one-out contribution measured when the ensemble was created.
/// </summary>
public sealed record EnsembleComponentStatus(
    int Version,
    string Trainer,
    double Weight,
    double Share,
    string Stage,
    string? StageNote,
    bool Loaded,
    string? ScorerKind,
    double? Auc,
    double? F1,
    double? Contribution);
