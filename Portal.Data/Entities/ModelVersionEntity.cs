namespace Portal.Data.Entities;

public sealed class ModelVersionEntity
{
    public int Id { get; set; }
    public int ModelId { get; set; }
    public ModelEntity? Model { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public required string Trainer { get; set; }
    public required string OptionsJson { get; set; }
    public int? DatasetId { get; set; }
    public string? DatasetSha256 { get; set; }
    public required string Label { get; set; }
    public required string PositiveClass { get; set; }
    public required string NegativeClass { get; set; }
    public required string SchemaJson { get; set; }
    /// <summary>Metrics, ROC curve and confusion matrix of the test split as JSON.</summary>
    public required string EvaluationJson { get; set; }
    /// <summary>Copied out of the evaluation so lists and gates can sort and filter on it.</summary>
    public double Auc { get; set; }
    /// <summary>The artefact's key relative to the artefact store (<c>model/v3.zip</c>); the column kept its first name. Migration RelativeArtefactKeys converted the absolute paths stored before.</summary>
    public required string ArtefactPath { get; set; }
    public required string Sha256 { get; set; }
    public required string Stage { get; set; }
    public Guid? RunId { get; set; }
    public string Source { get; set; } = "trained";
    public string? IntendedUse { get; set; }
    public string? Limitations { get; set; }
}
