namespace Portal.Core.Datasets;

/// <summary>
/// The outcome of deleting a dataset: not found, refused because versions use it (<see cref="UsedBy"/>), or deleted.
/// <see cref="FileStillUsed"/> says another dataset row holds the same content, so the stored file stays.
/// </summary>
public sealed record DatasetDeletion(DatasetInfo? Dataset, IReadOnlyList<DatasetUse> UsedBy, bool FileStillUsed = false)
{
    public bool Found => Dataset is not null;

    public bool Deleted => Found && UsedBy.Count == 0;
}
