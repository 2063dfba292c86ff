using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Drift;
using Portal.Core.Training;

namespace Portal.Tests.Core.Drift;

/// <summary>
/// The parse of drift inputs as it was before it read bytes (session 33, strings re-encoded row by row), kept unchanged
/// as the reference the byte parser (<see cref="Portal.Core.Drift.DriftInputParser"/>) must agree with exactly.
/// </summary>
/// <remarks>
/// Turns logged prediction inputs (each the request's JSON features object) into columns, each row read once with a
/// <see cref="Utf8JsonReader"/>. Numbers become doubles (a numeric string too), null and anything unreadable is missing;
/// categorical and boolean features keep the string (a JSON number or boolean as its text or token). Properties that
/// are not schema features are skipped; a row that is not a JSON object counts as all missing.
/// </remarks>
internal static class ReferenceDriftInputParser
{
    private const int RowsPerChunk = 4096;

    public static DriftColumns Parse(IReadOnlyList<string> inputs, FeatureSchema schema)
    {
        var features = schema.Features;
        var index = new Dictionary<string, int>(features.Count, StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++) index[features[i].Name] = i;

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
        Parallel.For(0, chunks, chunk =>
        {
            var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
            var buffer = ArrayPool<byte>.Shared.Rent(1024);
            Span<char> name = stackalloc char[256];
            try
            {
                var end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
                for (var r = chunk * RowsPerChunk; r < end; r++)
                {
                    var json = inputs[r];
                    var needed = Encoding.UTF8.GetMaxByteCount(json.Length);
                    if (buffer.Length < needed)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(needed);
                    }
                    var length = Encoding.UTF8.GetBytes(json, buffer);
                    ReadRow(buffer.AsSpan(0, length), r, features, lookup, name, numeric, categorical);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        return new DriftColumns(rows, numeric, categorical);
    }

    private static void ReadRow(
        ReadOnlySpan<byte> utf8, int row, IReadOnlyList<FeatureSpec> features,
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, Span<char> name,
        double[]?[] numeric, string?[]?[] categorical)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int feature;
                if (reader.ValueSpan.Length <= name.Length)
                {
                    var written = reader.CopyString(name);
                    feature = lookup.TryGetValue(name[..written], out var found) ? found : -1;
                }
                else feature = lookup.TryGetValue(reader.GetString()!, out var found) ? found : -1;
                if (!reader.Read()) return;
                if (feature < 0)
                {
                    reader.Skip();
                    continue;
                }
                if (numeric[feature] is { } numbers) numbers[row] = ReadNumber(ref reader);
                else categorical[feature]![row] = ReadCategory(ref reader, features[feature]);
            }
        }
        catch (JsonException)
        {
            // A malformed row keeps what was read before the error; the rest is missing.
        }
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

    private static string? ReadCategory(ref Utf8JsonReader reader, FeatureSpec spec)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return DriftFeatureValues.Category(spec, reader.GetString());
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
