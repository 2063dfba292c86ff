using Portal.Core.Datasets;

namespace Portal.Core.Training;

/// <summary>
/// One model input. <see cref="Type"/> is Numeric, Categorical or Boolean (text columns are not features).
/// For a categorical feature <see cref="Categories"/> holds the categories one-hot encoded at training;
/// others fall into <see cref="FeatureSchema.OtherCategory"/>. For a boolean feature it holds the
/// tokens read as false then true (e.g. ["no","yes"]). For a numeric feature <see cref="Range"/> is what training saw
/// (null for versions registered before ranges were kept: unknown, so nothing is checked).
/// </summary>
public sealed record FeatureSpec(string Name, ColumnType Type, IReadOnlyList<string>? Categories = null, bool AllowMissing = false, FeatureRange? Range = null);

/// <summary>
/// The inputs of a model version, in the order the engine expects them: numeric and boolean
/// features fill the numeric vector (in schema order), categorical ones the categorical vector.
/// </summary>
public sealed record FeatureSchema(IReadOnlyList<FeatureSpec> Features)
{
    /// <summary>The category that rare (beyond the cardinality cap) and unseen categories map to.</summary>
    public const string OtherCategory = "__other__";

    /// <summary>The category a missing categorical value maps to.</summary>
    public const string MissingCategory = "__missing__";

    public int NumericCount => Features.Count(f => f.Type != ColumnType.Categorical);
    public int CategoricalCount => Features.Count(f => f.Type == ColumnType.Categorical);
}
