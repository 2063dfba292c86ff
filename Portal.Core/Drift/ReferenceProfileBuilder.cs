using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>Builds a version's <see cref="DriftReference"/> from its training table: every row, every schema feature.</summary>
public static class ReferenceProfileBuilder
{
    /// <summary>Profiles of each schema feature; a feature missing from the table is an error.</summary>
    public static DriftReference Build(CsvTable table, FeatureSchema schema)
    {
        var profiles = new ReferenceProfile[schema.Features.Count];
        Parallel.For(0, schema.Features.Count, i =>
        {
            var spec = schema.Features[i];
            var column = table.IndexOf(spec.Name);
            if (column < 0) throw new InvalidOperationException($"The training dataset has no column '{spec.Name}'.");
            if (DriftFeatureValues.TypeOf(spec) == FeatureTypes.Numeric)
            {
                var values = new double[table.RowCount];
                for (var r = 0; r < values.Length; r++) values[r] = DriftFeatureValues.Number(table.Rows[r][column]);
                profiles[i] = ReferenceProfile.Numeric(spec.Name, values);
            }
            else
            {
                var values = new string?[table.RowCount];
                for (var r = 0; r < values.Length; r++) values[r] = DriftFeatureValues.Category(spec, table.Rows[r][column]);
                profiles[i] = ReferenceProfile.Categorical(spec.Name, values);
            }
        });
        return new DriftReference(schema, table.RowCount, profiles);
    }
}
