using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

/// <summary>Domain records to API shapes. Enum spellings follow API.md: column types and run states in lower case.</summary>
public static class ContractMapping
{
    public static string Lower(this Enum value) => value.ToString().ToLowerInvariant();

    public static KeyResponse ToResponse(this ApiKeyInfo k) => new(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.IsActive, k.Owner);

    public static DatasetResponse ToResponse(this DatasetInfo d) => new(
        d.Id, d.Name, d.FileName, d.Rows,
        d.Profile.Columns.Select(c => new ColumnResponse(c.Name, c.Type.Lower(), c.Missing, c.Distinct)).ToList(),
        d.Profile.Issues.Select(i => new IssueResponse(i.Severity, i.Column, i.Message)).ToList(),
        d.Sha256, d.CreatedAt, d.CreatedBy);

    public static DatasetDetailResponse ToDetailResponse(this DatasetInfo d)
    {
        var summary = d.ToResponse();
        return new DatasetDetailResponse(
            summary.Id, summary.Name, summary.FileName, summary.Rows, summary.Columns, summary.Issues, summary.Sha256, summary.CreatedAt, summary.CreatedBy,
            d.Profile.Columns.Select(c => new ColumnProfileResponse(c.Name, c.Type.Lower(), c.Missing, c.Distinct, c.Numeric, c.TopCategories, c.Histogram,
                c.DistinctEstimated, c.QuantileRankError, c.TopCategoriesEstimated, c.HistogramEstimated)).ToList());
    }

    public static RunResponse ToResponse(this TrainingRun r) => new(
        r.RunId, r.Model, r.Status.Lower(), r.Progress, r.Version, r.Metrics, r.Error,
        r.Request.Sweep is null ? r.Request.Trainer.ToString() : r.Sweep?.ChosenCandidate().Trainer.ToString() ?? "sweep",
        r.Request.DatasetId, r.CreatedBy, r.CreatedAt, r.FinishedAt)
    {
        Trainers = r.Request.Sweep?.Trainers.Select(t => t.ToString()).ToList(),
        Folds = r.Request.Sweep?.Folds,
        Sweep = r.Sweep is { } sweep
            ? new SweepResponse(sweep.Folds, SweepResult.StdKind, sweep.Candidates
                .Select(c => new SweepCandidateResponse(c.Trainer.ToString(), c.Options, c.FoldAucs, c.MeanAuc, c.StdAuc, c.Chosen)).ToList())
            : null,
    };

    public static ModelSummaryResponse ToResponse(this ModelSummary m) => new(m.Name, m.Description, m.ChampionVersion, m.ChallengerVersion, m.Versions, m.UpdatedAt);

    public static VersionResponse ToResponse(this ModelVersionInfo v) => new(
        v.Model, v.Version, v.CreatedAt, v.CreatedBy, v.Trainer.ToString(), v.Options, v.DatasetId, v.DatasetSha256, v.Label, v.PositiveClass, v.NegativeClass,
        v.Schema.Features.Select(f => new FeatureResponse(f.Name, f.Type.Lower(), f.Categories, f.AllowMissing, f.Range is { } r ? new FeatureRangeResponse(r.Min, r.Max, r.Mean, r.Std) : null)).ToList(),
        v.Metrics, v.Sha256, v.Aliases, v.Stage.ToString(), v.RunId)
    {
        EvaluatedOn = v.Evaluation.EvaluatedOn,
        Calibration = CalibrationResponse.From(v.Evaluation.Calibration),
        Importance = ImportanceResponse.From(v.Evaluation),
    };

    public static ModelResponse ToResponse(this ModelDetails m) => new(
        m.Summary.Name, m.Summary.Description, m.Summary.ChampionVersion, m.Summary.ChallengerVersion, m.Summary.UpdatedAt,
        m.Versions.Select(v => v.ToResponse()).ToList());
}
