using System.Text.Json.Serialization;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Web.Api.Contracts;

public sealed record VersionResponse(
    string Model,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string Trainer,
    IReadOnlyDictionary<string, double> Options,
    int? DatasetId,
    string? DatasetSha256,
    string Label,
    string PositiveClass,
    string NegativeClass,
    IReadOnlyList<FeatureResponse> Features,
    ModelMetrics Metrics,
    string Sha256,
    IReadOnlyList<string> Aliases,
    string Stage,
    Guid? RunId)
{
    /// <summary>Which rows the metrics come from, e.g. "test split (20%, seed 1) of dataset 'credit' (id 1): 891 rows".</summary>
    public string? EvaluatedOn { get; init; }

    /// <summary>The test split's reliability diagram and ECE; null for versions evaluated before it was kept.</summary>
    public CalibrationResponse? Calibration { get; init; }

    /// <summary>Permutation importance on the test split; null for versions not trained here or trained before it was computed.</summary>
    public ImportanceResponse? Importance { get; init; }

    /// <summary>An ensemble's components with their weights and what each measured at creation (only when an ensemble is created).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EnsembleComponent>? Components { get; init; }
}
