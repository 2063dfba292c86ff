using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>The reference side of a model version's drift runs: one profile per feature of its schema, from all rows of its training dataset.</summary>
public sealed record DriftReference(FeatureSchema Schema, int Rows, IReadOnlyList<ReferenceProfile> Profiles);
