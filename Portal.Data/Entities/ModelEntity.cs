namespace Portal.Data.Entities;

public sealed class ModelEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ModelVersionEntity> Versions { get; set; } = [];
    public List<ModelAliasEntity> Aliases { get; set; } = [];
}
