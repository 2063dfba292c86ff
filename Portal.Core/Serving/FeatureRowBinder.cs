using System.Text.Json;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// Fills a lease's input row from a request's <c>features</c> object, checking it against the version's
/// schema in one pass: every feature present once, none unknown, each of the right JSON type.
/// Values are converted by <see cref="FeatureValueEncoder"/>, the same code that encoded the training rows.
/// </summary>
public static class FeatureRowBinder
{
    /// <summary>True when the row is complete; otherwise <paramref name="errors"/> names each bad field (prefixed by <paramref name="prefix"/>).</summary>
    public static bool TryBind(ServedModel model, JsonElement features, EngineLease lease, ref Dictionary<string, string[]>? errors, string prefix = "")
    {
        if (features.ValueKind != JsonValueKind.Object)
        {
            Add(ref errors, prefix.Length == 0 ? "features" : prefix.TrimEnd('.'), "must be an object of feature names to values.");
            return false;
        }

        var schema = model.Schema.Features;
        var seen = lease.Seen;
        Array.Clear(seen);
        var ok = true;
        foreach (var property in features.EnumerateObject())
        {
            if (!model.TryGetFeatureIndex(property.Name, out var index))
            {
                ok = Add(ref errors, prefix + property.Name, "is not a feature of this model.");
                continue;
            }

            seen[index] = true;
            var error = Encode(schema[index], property.Value, lease.Input, model.Slots[index]);
            if (error is not null) ok = Add(ref errors, prefix + property.Name, error);
        }

        for (var i = 0; i < seen.Length; i++)
            if (!seen[i]) ok = Add(ref errors, prefix + schema[i].Name, "is missing.");
        return ok;
    }

    private static string? Encode(FeatureSpec spec, JsonElement value, ModelInput row, int slot)
    {
        switch (spec.Type)
        {
            case ColumnType.Numeric:
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && Math.Abs(number) <= float.MaxValue)
                {
                    row.Numeric[slot] = (float)number;
                    return null;
                }

                if (value.ValueKind == JsonValueKind.Null)
                {
                    if (!spec.AllowMissing) return "must be a number; null is not allowed because the model was trained without missing values here.";
                    row.Numeric[slot] = float.NaN;
                    return null;
                }

                return $"must be a number, not {Describe(value)}.";

            case ColumnType.Boolean:
                var token = value.ValueKind switch
                {
                    JsonValueKind.True => spec.Categories![1],
                    JsonValueKind.False => spec.Categories![0],
                    JsonValueKind.String => value.GetString(),
                    _ => null,
                };
                if (value.ValueKind == JsonValueKind.Null && spec.AllowMissing)
                {
                    row.Numeric[slot] = float.NaN;
                    return null;
                }

                var encoded = token is null ? float.NaN : FeatureValueEncoder.Boolean(spec, token);
                if (float.IsNaN(encoded)) return $"must be true, false, '{spec.Categories![0]}' or '{spec.Categories![1]}', not {Describe(value)}.";
                row.Numeric[slot] = encoded;
                return null;

            default:
                string? raw = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => "\u0000",
                };
                if (raw == "\u0000") return $"must be a text category, not {Describe(value)}.";
                row.Categorical[slot] = FeatureValueEncoder.Category(spec, raw);
                return null;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => value.GetRawText(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static bool Add(ref Dictionary<string, string[]>? errors, string field, string message)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return false;
    }
}
