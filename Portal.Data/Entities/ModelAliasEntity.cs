namespace Portal.Data.Entities;

/// <summary>One row per (model, alias): the unique index is what guarantees exactly one holder at any instant.</summary>
public sealed class ModelAliasEntity
{
    public int Id { get; set; }
    public int ModelId { get; set; }
    public required string Alias { get; set; }
    public int Version { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public required string AssignedBy { get; set; }
}
