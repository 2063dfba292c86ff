using System.Text;
using System.Text.Json;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// Fills a model row from a request's <c>features</c> object (UTF-8 JSON), checking it against the version's schema in
/// one forward pass: every feature present once, none unknown, each of the right JSON type. Reads the bytes with
/// <see cref="Utf8JsonReader"/> and looks names and categories up from the characters, so a valid row allocates
/// nothing. Encodes values as <see cref="FeatureValueEncoder"/> encoded the training rows.
/// </summary>
public static class FeatureRowBinder
{
    /// <summary>Decoded names and values, reused per thread; a name is done with before its value is decoded.</summary>
    [ThreadStatic]
    private static char[]? t_chars;

    /// <summary>
    /// True when the row is complete; otherwise <paramref name="errors"/> names each bad field, as "instances[i].name"
    /// for row <paramref name="batchRow"/> of a batch (the prefix is only built when there is an error to name).
    /// </summary>
    public static bool TryBind(RowBindingPlan plan, ReadOnlySpan<byte> featuresJson, ModelInput row, bool[] seen, ref Dictionary<string, string[]>? errors, int? batchRow = null)
    {
        var prefix = new FieldPrefix(batchRow);
        var reader = new Utf8JsonReader(featuresJson, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Add(ref errors, batchRow is { } i ? $"instances[{i}]" : "features", "must be an object of feature names to values.");
            return false;
        }

        Array.Clear(seen);
        var ok = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Chars(ref reader);
            reader.Read();
            if (!plan.TryGetFeature(name, out var index))
            {
                ok = Add(ref errors, prefix + name.ToString(), "is not a feature of this model.");
                reader.Skip();
                continue;
            }

            seen[index] = true;
            var error = Encode(plan, index, ref reader, row);
            if (error is not null) ok = Add(ref errors, prefix + plan.Schema.Features[index].Name, error);
        }

        for (var i = 0; i < seen.Length; i++)
            if (!seen[i]) ok = Add(ref errors, prefix + plan.Schema.Features[i].Name, "is missing.");
        return ok;
    }

    /// <summary>Encodes the value the reader is on; on a wrong type returns the message and leaves the reader past the value.</summary>
    private static string? Encode(RowBindingPlan plan, int index, ref Utf8JsonReader reader, ModelInput row)
    {
        var spec = plan.Schema.Features[index];
        var slot = plan.Slots[index];
        var token = reader.TokenType;
        switch (spec.Type)
        {
            case ColumnType.Numeric:
                if (token == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number) && Math.Abs(number) <= float.MaxValue)
                {
                    row.Numeric[slot] = (float)number;
                    return null;
                }

                if (token == JsonTokenType.Null)
                {
                    if (!spec.AllowMissing) return "must be a number; null is not allowed because the model was trained without missing values here.";
                    row.Numeric[slot] = float.NaN;
                    return null;
                }

                return $"must be a number, not {Describe(ref reader)}.";

            case ColumnType.Boolean:
                if (token == JsonTokenType.Null && spec.AllowMissing)
                {
                    row.Numeric[slot] = float.NaN;
                    return null;
                }

                var known = token switch
                {
                    JsonTokenType.True => spec.Categories![1],
                    JsonTokenType.False => spec.Categories![0],
                    JsonTokenType.String => plan.KnownValue(index, Chars(ref reader)),
                    _ => null,
                };
                if (known is null) return $"must be true, false, '{spec.Categories![0]}' or '{spec.Categories![1]}', not {Describe(ref reader)}.";
                row.Numeric[slot] = ReferenceEquals(known, spec.Categories![1]) ? 1f : 0f;
                return null;

            default:
                switch (token)
                {
                    case JsonTokenType.Null:
                        row.Categorical[slot] = FeatureSchema.MissingCategory;
                        return null;
                    case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                        // A number or boolean sent for a category is matched by its JSON text, as the CSV cell was read.
                        row.Categorical[slot] = plan.KnownValue(index, Chars(ref reader)) ?? FeatureSchema.OtherCategory;
                        return null;
                    default:
                        return $"must be a text category, not {Describe(ref reader)}.";
                }
        }
    }

    /// <summary>The unescaped text of the current name or value (a string's content, or a literal's JSON text).</summary>
    private static ReadOnlySpan<char> Chars(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        var buffer = t_chars is { } chars && chars.Length >= raw.Length ? chars : t_chars = new char[Math.Max(256, raw.Length)];
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            return buffer.AsSpan(0, reader.CopyString(buffer));
        return buffer.AsSpan(0, Encoding.UTF8.GetChars(raw, buffer));
    }

    /// <summary>The value in words for an error message; skips past an object or array.</summary>
    private static string Describe(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return $"the text \"{Truncate(reader.GetString()!)}\"";
            case JsonTokenType.StartObject:
                reader.Skip();
                return "an object";
            case JsonTokenType.StartArray:
                reader.Skip();
                return "an array";
            case JsonTokenType.Null:
                return "null";
            default:
                return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    /// <summary>"instances[i]." in a batch, nothing for a single row; a struct so a valid row allocates nothing.</summary>
    private readonly struct FieldPrefix(int? batchRow)
    {
        public static string operator +(FieldPrefix prefix, string name) => prefix._row is { } i ? $"instances[{i}].{name}" : name;

        private readonly int? _row = batchRow;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static bool Add(ref Dictionary<string, string[]>? errors, string field, string message)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return false;
    }
}
