namespace Portal.Core.Retraining;

/// <summary>A dataset in a pipeline's lineage; <see cref="Role"/> says how it was used: "training", "appended" or "outcomes".</summary>
public sealed record LineageDataset(int Id, string Name, string Sha256, int Rows, string Role);
