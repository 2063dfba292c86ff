using System.Globalization;

namespace Portal.Core.Datasets;

/// <summary>
/// Infers a column's type from its non-missing values:
/// every value a number -> numeric; two distinct boolean tokens (true/false, yes/no, y/n, t/f) -> boolean;
/// few distinct values relative to the rows -> categorical; otherwise free text (ids, names, comments).
/// </summary>
public static class ColumnTypeInference
{
    /// <summary>A column with at most this many distinct values is categorical whatever its row count.</summary>
    public const int AlwaysCategoricalDistinct = 50;

    /// <summary>Above <see cref="AlwaysCategoricalDistinct"/>, categorical while distinct/non-missing stays at or below this share.</summary>
    public const double MaxCategoricalShare = 0.2;

    private static readonly HashSet<string> FalseTokens = new(StringComparer.OrdinalIgnoreCase) { "false", "no", "n", "f" };
    private static readonly HashSet<string> TrueTokens = new(StringComparer.OrdinalIgnoreCase) { "true", "yes", "y", "t" };

    public static ColumnType Infer(IEnumerable<string?> values)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var nonMissing = 0;
        var allNumeric = true;
        foreach (var value in values)
        {
            if (value is null) continue;
            nonMissing++;
            distinct.Add(value);
            if (allNumeric && !TryParseNumber(value, out _)) allNumeric = false;
        }

        return Infer(distinct, nonMissing, allNumeric);
    }

    /// <summary>The same decision from counts already taken (the profiler counts each column once).</summary>
    internal static ColumnType Infer(IReadOnlyCollection<string> distinct, int nonMissing, bool allNumeric)
    {
        if (nonMissing == 0) return ColumnType.Text;
        if (allNumeric) return ColumnType.Numeric;
        if (IsBooleanPair(distinct)) return ColumnType.Boolean;
        return InferFromCount(distinct.Count, nonMissing, allNumeric);
    }

    /// <summary>The decision from a distinct count alone (an estimate, past the streaming profiler's bound), so never boolean.</summary>
    internal static ColumnType InferFromCount(long distinct, long nonMissing, bool allNumeric)
    {
        if (nonMissing == 0) return ColumnType.Text;
        if (allNumeric) return ColumnType.Numeric;
        if (distinct <= AlwaysCategoricalDistinct || distinct <= MaxCategoricalShare * nonMissing) return ColumnType.Categorical;
        return ColumnType.Text;
    }

    /// <summary>Numbers are read with the invariant culture ("1.5", "-2e3"); NaN and infinities are not numbers here.</summary>
    public static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>Orders a boolean column's two tokens as [false token, true token].</summary>
    public static string[] BooleanTokens(IEnumerable<string> distinct)
    {
        var tokens = distinct.ToArray();
        if (tokens.Length != 2) throw new ArgumentException("A boolean column has exactly two distinct values.", nameof(distinct));
        return FalseTokens.Contains(tokens[0]) ? [tokens[0], tokens[1]] : [tokens[1], tokens[0]];
    }

    private static bool IsBooleanPair(IReadOnlyCollection<string> distinct)
    {
        if (distinct.Count != 2) return false;
        var a = distinct.First();
        var b = distinct.Last();
        return (FalseTokens.Contains(a) && TrueTokens.Contains(b)) || (TrueTokens.Contains(a) && FalseTokens.Contains(b));
    }
}
