using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>Builds the <see cref="SchemaDefinition"/> that sizes <see cref="ModelInput"/>'s vectors for one feature schema.</summary>
public static class ModelRowSchema
{
    public const string NumericColumn = nameof(ModelInput.Numeric);
    public const string CategoricalColumn = nameof(ModelInput.Categorical);
    public const string LabelColumn = nameof(ModelInput.Label);

    public static SchemaDefinition For(FeatureSchema schema)
    {
        var definition = SchemaDefinition.Create(typeof(ModelInput));
        definition[NumericColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, schema.NumericCount));
        definition[CategoricalColumn].ColumnType = new VectorDataViewType(TextDataViewType.Instance, Math.Max(1, schema.CategoricalCount));
        return definition;
    }
}
