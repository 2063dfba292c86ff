namespace Portal.Core.Predictions;

/// <summary>The labels' persistence (implemented in Portal.Data).</summary>
public interface ILabelStore
{
    /// <summary>Stores the labels; a label for a prediction that already has one replaces it, one whose prediction is no longer logged is skipped.</summary>
    Task UpsertAsync(IReadOnlyList<LabelRecord> labels, CancellationToken ct = default);

    Task<LabelRecord?> GetAsync(Guid predictionId, CancellationToken ct = default);
}
