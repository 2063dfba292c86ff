namespace Portal.Core.Retraining;

/// <summary>
/// What a retrain trains on: <see cref="Source"/> "dataset" (the champion's), "newest" (the newest uploaded dataset, which
/// must hold the champion's columns) or "outcomes" (the labelled predictions of the last <see cref="WindowHours"/>, after
/// the champion's dataset rows when <see cref="Append"/>, at least <see cref="MinLabelledRows"/> of them).
/// </summary>
public sealed record RetrainData(
    string Source = RetrainNames.FromDataset,
    double WindowHours = RetrainData.DefaultWindowHours,
    bool Append = false,
    int MinLabelledRows = RetrainData.DefaultMinLabelledRows)
{
    public const double DefaultWindowHours = 7 * 24;
    public const int DefaultMinLabelledRows = 50;
}
