namespace Portal.Core.Registry;

/// <summary>
/// A model zip trained elsewhere, to be evaluated on a registered dataset and registered as a new version.
/// <see cref="PositiveClass"/> defaults to the label's less frequent value.
/// </summary>
public sealed record ModelImportRequest(int DatasetId, string Label, string? PositiveClass = null);
