namespace Portal.Core.Datasets;

/// <summary>An upload whose content (same SHA-256) is already a dataset; nothing was stored.</summary>
public sealed class DuplicateDatasetException(DatasetInfo existing)
    : Exception($"This content is already dataset #{existing.Id} (\"{existing.Name}\").")
{
    public DatasetInfo Existing { get; } = existing;
}
