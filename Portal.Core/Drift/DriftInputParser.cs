using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Portal.Core.Predictions;
using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>
/// Turns logged prediction inputs (each the request's JSON features object) into columns, each row read once with a
/// <see cref="Utf8JsonReader"/> over its stored UTF-8 bytes. Numbers become doubles (a numeric string too), null and
/// anything unreadable is missing; categorical and boolean features keep the string (a JSON number or boolean as its
/// text or token). Properties that are not schema features are skipped; a row that is not a JSON object counts as all
/// missing; a property that appears twice keeps its last value.
/// </summary>
/// <remarks>
/// A window is 200,000 rows of a dozen features, so per value work counts: a property name is matched as bytes (first
/// against the feature that followed the previous one, as clients send features in one order), and a category's
/// string is made once per distinct value and chunk (<see cref="Utf8Strings"/>), not once per row. Rows that are not
/// valid UTF-8 are decoded and re-encoded first (invalid sequences become U+FFFD), as text read from the database was.
/// </remarks>
public static class DriftInputParser
{
    private const int RowsPerChunk = 4096;

    /// <summary>The rows given as text (tests, callers holding strings).</summary>
    public static DriftColumns Parse(IReadOnlyList<string> inputs, FeatureSchema schema) => Parse(PredictionInputs.Of(inputs), schema);

    public static DriftColumns Parse(PredictionInputs inputs, FeatureSchema schema)
    {
        var features = schema.Features;
        var index = new Dictionary<string, int>(features.Count, StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++) index[features[i].Name] = i;
        // A name's bytes and the feature it stands for (the last of the same name, as the dictionary keeps it).
        var names = new byte[features.Count][];
        var owner = new int[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(features[i].Name);
            owner[i] = index[features[i].Name];
        }

        var rows = inputs.Count;
        var numeric = new double[]?[features.Count];
        var categorical = new string?[]?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            if (DriftFeatureValues.TypeOf(features[i]) == FeatureTypes.Numeric)
            {
                numeric[i] = new double[rows];
                Array.Fill(numeric[i]!, double.NaN);
            }
            else categorical[i] = new string?[rows];
        }

        var chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        Parallel.For(0, chunks, () => new Utf8Strings[features.Count], (chunk, _, strings) =>
        {
            var context = new RowContext(features, index.GetAlternateLookup<ReadOnlySpan<char>>(), names, owner, numeric, categorical, strings);
            var end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (var r = chunk * RowsPerChunk; r < end; r++)
            {
                var utf8 = inputs[r];
                if (Utf8.IsValid(utf8)) ReadRow(utf8, r, context);
                else ReadRow(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8)), r, context);
            }

            return strings;
        }, _ => { });
        return new DriftColumns(rows, numeric, categorical);
    }

    /// <summary>What a row's read needs, fixed for a chunk.</summary>
    private readonly record struct RowContext(
        IReadOnlyList<FeatureSpec> Features,
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup,
        byte[][] Names,
        int[] Owner,
        double[]?[] Numeric,
        string?[]?[] Categorical,
        Utf8Strings[] Strings);

    private static void ReadRow(ReadOnlySpan<byte> utf8, int row, in RowContext context)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            var next = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var feature = FeatureOf(ref reader, next, context);
                if (!reader.Read()) return;
                if (feature < 0)
                {
                    reader.Skip();
                    continue;
                }

                next = feature + 1;
                if (context.Numeric[feature] is { } numbers) numbers[row] = ReadNumber(ref reader);
                else context.Categorical[feature]![row] = ReadCategory(ref reader, context.Features[feature], ref context.Strings[feature]);
            }
        }
        catch (JsonException)
        {
            // A malformed row keeps what was read before the error; the rest is missing.
        }
    }

    /// <summary>The feature a property name stands for, or -1: the expected one tried first, then every name.</summary>
    private static int FeatureOf(ref Utf8JsonReader reader, int expected, in RowContext context)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            var name = reader.GetString()!;
            return context.Lookup.TryGetValue(name.AsSpan(), out var found) ? found : -1;
        }

        var span = reader.ValueSpan;
        var names = context.Names;
        if (expected < names.Length && span.SequenceEqual(names[expected])) return context.Owner[expected];
        for (var i = 0; i < names.Length; i++)
            if (span.SequenceEqual(names[i])) return context.Owner[i];
        return -1;
    }

    private static double ReadNumber(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : double.NaN;
            case JsonTokenType.String:
                return DriftFeatureValues.Number(reader.GetString());
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return double.NaN;
            default:
                return double.NaN;
        }
    }

    private static string? ReadCategory(ref Utf8JsonReader reader, FeatureSpec spec, ref Utf8Strings strings)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueIsEscaped || reader.HasValueSequence) return DriftFeatureValues.Category(spec, reader.GetString());
                strings ??= new Utf8Strings();
                return strings.Get(reader.ValueSpan, spec);
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var value) ? value.ToString(CultureInfo.InvariantCulture) : null;
            case JsonTokenType.True:
                return DriftFeatureValues.Boolean(spec, true);
            case JsonTokenType.False:
                return DriftFeatureValues.Boolean(spec, false);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }
}
