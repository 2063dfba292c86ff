using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>
/// A model zip trained elsewhere, to be evaluated on a registered dataset and registered as a new version.
/// <see cref="PositiveClass"/> defaults to the label's less frequent value. It is evaluated on the held-out split
/// training would make of the dataset with <see cref="TestFraction"/> and <see cref="Seed"/> (training's defaults),
/// so a copy of a trained version's zip is measured on the rows that version was.
/// </summary>
public sealed record ModelImportRequest(int DatasetId, string Label, string? PositiveClass = null, double TestFraction = DataSplit.DefaultTestFraction, int Seed = DataSplit.DefaultSeed);
