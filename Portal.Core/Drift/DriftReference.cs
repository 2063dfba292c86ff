using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>The reference side of a model version's drift runs: one profile per feature of its schema, from the rows of its training dataset
/// (a seeded sample of <see cref="ReferenceProfileBuilder.MaxRows"/> of a larger one); <see cref="Rows"/> counts the rows profiled.</summary>
public sealed record DriftReference(FeatureSchema Schema, int Rows, IReadOnlyList<ReferenceProfile> Profiles);
