using System.Diagnostics.CodeAnalysis;
using Portal.Core.Training;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// The proof a compiled scorer must give before it serves: on the all-missing row and a few hundred probe rows
/// (NaN, split thresholds and their float neighbours, values around the imputed means; every category of every slot,
/// the missing and other markers and an unseen text) its probability equals the ML.NET engine's within
/// <see cref="Tolerance"/>. Tree models agree to the bit; logistic regression to float rounding.
/// </summary>
public static class ScorerVerification
{
    public const double Tolerance = 1e-6;
    public const int DefaultRows = 512;

    /// <summary>True when <paramref name="scorer"/> agrees with <paramref name="engine"/> on every probe row; otherwise <paramref name="why"/> shows the first row that does not.</summary>
    public static bool Agrees(CompiledScorer scorer, FeatureSchema schema, Func<ModelInput, float> engine, [NotNullWhen(false)] out string? why, int rows = DefaultRows, int seed = 1,
        string reference = "ML.NET")
    {
        var k = 0;
        foreach (var row in ProbeRows(scorer, schema, rows, seed))
        {
            var expected = engine(row);
            var actual = scorer.Score(row);
            var same = float.IsNaN(expected) ? float.IsNaN(actual) : Math.Abs((double)actual - expected) <= Tolerance;
            if (!same)
            {
                why = FormattableString.Invariant(
                    $"probe row {k} scores {actual:R} compiled but {expected:R} in {reference} (numeric [{string.Join(", ", row.Numeric)}], categorical [{string.Join(", ", row.Categorical)}])");
                return false;
            }

            k++;
        }

        why = null;
        return true;
    }

    /// <summary>The all-missing row, then <paramref name="count"/> deterministic probe rows (each yielded row is fresh).</summary>
    internal static IEnumerable<ModelInput> ProbeRows(CompiledScorer scorer, FeatureSchema schema, int count, int seed)
    {
        var missing = ModelInput.For(schema);
        Array.Fill(missing.Numeric, float.NaN);
        yield return missing;

        var random = new Random(seed);
        var categories = FeatureLayoutProbe.CategoriesBySlot(schema);
        var cycle = 2 * categories.Max(c => c.Length);
        var special = Enumerable.Range(0, scorer.NumericSlots).Select(scorer.ProbeValues).ToArray();
        for (var k = 0; k < count; k++)
        {
            var row = ModelInput.For(schema);
            for (var i = 0; i < row.Numeric.Length; i++) row.Numeric[i] = Numeric(random, scorer.Imputed(i), special[i]);
            // The first rows walk every category of every slot; the rest draw them at random.
            for (var s = 0; s < row.Categorical.Length; s++)
                row.Categorical[s] = categories[s][k < cycle ? (k + s) % categories[s].Length : random.Next(categories[s].Length)];
            yield return row;
        }
    }

    private static float Numeric(Random random, float imputed, IReadOnlyList<float> special)
    {
        var draw = random.NextDouble();
        if (draw < 0.15) return float.NaN;
        if (draw < 0.55 && special.Count > 0) return special[random.Next(special.Count)];
        var centre = float.IsNaN(imputed) ? 0 : imputed;
        if (draw < 0.6) return centre;
        var spread = Math.Max(1, Math.Abs(centre));
        return (float)(centre + spread * (4 * random.NextDouble() - 2));
    }
}
