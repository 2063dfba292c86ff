using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// Learns a model's <see cref="FeatureLayout"/> by running its featurizer on crafted rows rather than reading
/// ML.NET's internals, so any featurizer that amounts to "impute numbers, one-hot encode categories, concatenate"
/// compiles, whatever transformers spell it: a row of NaN and missing categories gives the imputed values and the
/// missing indicators; two rows of distinct numbers show where each numeric slot lands; one row per
/// (categorical slot, category) shows which indicator it switches on. The layout must then rebuild every probed
/// vector exactly, or the model is declined.
/// </summary>
internal static class FeatureLayoutProbe
{
    /// <summary>Text no schema holds: shows where an unseen category lands.</summary>
    internal const string UnseenCategory = "\u0001unseen";

    public static bool TryProbe(ModelParts parts, FeatureSchema schema, [NotNullWhen(true)] out FeatureLayout? layout, out AffineNormalization? normalization, [NotNullWhen(false)] out string? why)
    {
        layout = null;
        normalization = null;
        var numericSlots = Math.Max(1, schema.NumericCount);
        var categories = CategoriesBySlot(schema);

        var rows = new List<ModelInput> { Row(schema, _ => float.NaN), Row(schema, First), Row(schema, Second) };
        var probes = new List<(int Slot, string Category, int Row)>();
        for (var s = 0; s < categories.Length; s++)
            foreach (var category in categories[s].Where(c => c != FeatureSchema.MissingCategory))
            {
                var row = Row(schema, _ => float.NaN);
                row.Categorical[s] = category;
                probes.Add((s, category, rows.Count));
                rows.Add(row);
            }

        float[][] features;
        float[][]? normalized;
        try
        {
            (features, normalized) = Featurize(parts, schema, rows);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            why = $"its featurizer could not be probed ({ex.Message})";
            return false;
        }

        var width = features[0].Length;
        var baseline = features[0];
        var owner = new Dictionary<int, string>();

        var numericTarget = new int[numericSlots];
        var imputed = new float[numericSlots];
        for (var i = 0; i < numericSlots; i++)
        {
            var found = Enumerable.Range(0, width).Where(j => features[1][j] == First(i) && features[2][j] == Second(i)).ToList();
            if (found.Count > 1) return Fail(out why, $"numeric slot {i} appears at {found.Count} places in the feature vector");
            numericTarget[i] = found.Count == 1 ? found[0] : -1;
            imputed[i] = found.Count == 1 ? baseline[found[0]] : float.NaN;
            if (found.Count == 1) owner[found[0]] = $"numeric slot {i}";
        }

        var slots = new CategorySlot[categories.Length];
        for (var s = 0; s < categories.Length; s++)
        {
            // Against the baseline (every slot missing), a category switches its own indicator on (+1) and the
            // slot's missing indicator off (-1); either may not exist (an unseen value switches nothing on).
            var changes = new List<(string Category, int On, int Off)>();
            var missing = -1;
            foreach (var (_, category, row) in probes.Where(p => p.Slot == s))
            {
                int on = -1, off = -1;
                for (var j = 0; j < width; j++)
                {
                    var (was, now) = (baseline[j], features[row][j]);
                    if (was.Equals(now)) continue;
                    if (was == 0 && now == 1 && on < 0) on = j;
                    else if (was == 1 && now == 0 && off < 0) off = j;
                    else return Fail(out why, $"category '{category}' of categorical slot {s} changes feature {j} from {was} to {now}, which is not one-hot encoding");
                }

                if (off >= 0 && missing >= 0 && off != missing)
                    return Fail(out why, $"categorical slot {s} has two missing indicators ({missing} and {off})");
                if (off >= 0) missing = off;
                changes.Add((category, on, off));
            }

            var targets = new Dictionary<string, int>(StringComparer.Ordinal) { [FeatureSchema.MissingCategory] = missing };
            foreach (var (category, on, off) in changes)
                targets[category] = on >= 0 ? on : off >= 0 ? -1 : missing;
            var unknown = targets[UnseenCategory];
            targets.Remove(UnseenCategory);

            foreach (var target in targets.Values.Where(t => t >= 0).Distinct())
            {
                if (owner.TryGetValue(target, out var other))
                    return Fail(out why, $"feature {target} is written by categorical slot {s} and by {other}");
                owner[target] = $"categorical slot {s}";
            }

            slots[s] = new CategorySlot(targets, unknown);
        }

        var constants = (float[])baseline.Clone();
        foreach (var target in owner.Keys) constants[target] = 0;
        layout = new FeatureLayout(width, numericTarget, imputed, slots, constants);

        // The layout must rebuild every probed vector: anything else (scaling, hashing, bags, interactions) is declined.
        var rebuilt = new float[width];
        for (var r = 0; r < rows.Count; r++)
        {
            layout.Fill(rows[r], rebuilt);
            var j = FirstDifference(rebuilt, features[r]);
            if (j >= 0)
            {
                layout = null;
                return Fail(out why, $"its featurizer is not imputation, one-hot encoding and concatenation (probe row {r} differs at feature {j}: {features[r][j]} expected, {rebuilt[j]} rebuilt)");
            }
        }

        if (normalized is not null && !TryNormalization(parts, features, normalized, out normalization, out why))
        {
            layout = null;
            return false;
        }

        why = null;
        return true;
    }

    private static bool TryNormalization(ModelParts parts, float[][] features, float[][] normalized, out AffineNormalization? normalization, [NotNullWhen(false)] out string? why)
    {
        normalization = null;
        var width = features[0].Length;
        if (!parts.TryGetAffine(out var scale, out var offset))
            return Fail(out why, "its normalizer is not affine");
        if (scale.Length != width || (offset.Length != 0 && offset.Length != width))
            return Fail(out why, $"its normalizer has {scale.Length} scales for {width} features");

        normalization = new AffineNormalization([.. scale], [.. offset]);
        for (var r = 0; r < features.Length; r++)
            for (var j = 0; j < width; j++)
                if (!normalization.Apply(j, features[r][j]).Equals(normalized[r][j]))
                {
                    normalization = null;
                    return Fail(out why, $"its normalizer does not act as (x - offset) * scale on the feature vector (probe row {r}, feature {j})");
                }

        why = null;
        return true;
    }

    // Distinct, exactly representable values per slot, away from 0 and 1 (the indicator values).
    private static float First(int slot) => 1000.5f + slot;

    private static float Second(int slot) => -2000.25f - 3 * slot;

    private static ModelInput Row(FeatureSchema schema, Func<int, float> numeric)
    {
        var row = ModelInput.For(schema);
        for (var i = 0; i < row.Numeric.Length; i++) row.Numeric[i] = numeric(i);
        return row;
    }

    /// <summary>Per categorical slot: the schema's categories, the missing and other markers, and an unseen text.</summary>
    internal static string[][] CategoriesBySlot(FeatureSchema schema)
    {
        var specs = schema.Features.Where(f => f.Type == ColumnType.Categorical).ToList();
        var slots = new string[Math.Max(1, specs.Count)][];
        for (var s = 0; s < slots.Length; s++)
        {
            IEnumerable<string> known = s < specs.Count ? specs[s].Categories ?? [] : [];
            slots[s] = known.Append(FeatureSchema.MissingCategory).Append(FeatureSchema.OtherCategory).Append(UnseenCategory)
                .Distinct(StringComparer.Ordinal).ToArray();
        }

        return slots;
    }

    private static (float[][] Features, float[][]? Normalized) Featurize(ModelParts parts, FeatureSchema schema, List<ModelInput> rows)
    {
        var ml = new MLContext();
        var featurized = parts.Featurizer.Transform(ml.Data.LoadFromEnumerable(rows, ModelRowSchema.For(schema)));
        var features = Read(featurized, parts.FeatureColumn);
        return (features, parts.Normalizer is null ? null : Read(parts.Normalizer.Transform(featurized), parts.FeatureColumn));
    }

    private static float[][] Read(IDataView view, string column)
    {
        var found = view.Schema.GetColumnOrNull(column) ?? throw new InvalidOperationException($"it makes no '{column}' column");
        if (found.Type is not VectorDataViewType { Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new InvalidOperationException($"its '{column}' column is {found.Type}, not a vector of floats of known size");

        var result = new List<float[]>();
        using var cursor = view.GetRowCursor([found]);
        var getter = cursor.GetGetter<VBuffer<float>>(found);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            result.Add(buffer.DenseValues().ToArray());
        }

        return [.. result];
    }

    private static int FirstDifference(float[] a, float[] b)
    {
        for (var j = 0; j < a.Length; j++)
            if (!a[j].Equals(b[j])) return j;
        return -1;
    }

    private static bool Fail(out string why, string reason)
    {
        why = reason;
        return false;
    }
}
