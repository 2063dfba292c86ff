namespace Portal.Core.Datasets;

/// <summary>A model version trained on a dataset (with the label it learned): while one exists, the dataset cannot be deleted.</summary>
public sealed record DatasetUse(string Model, int Version, string Label, string PositiveClass)
{
    public override string ToString() => $"{Model} v{Version}";
}
