namespace Portal.Core.Training;

/// <summary>The features taken from a table, and each column left out with the reason ("name: reason").</summary>
public sealed record FeatureSchemaResult(FeatureSchema Schema, IReadOnlyList<string> Excluded);
