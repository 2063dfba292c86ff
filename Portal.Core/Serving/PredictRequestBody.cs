using System.Text.Json;
using Portal.Core.Common;

namespace Portal.Core.Serving;

/// <summary>
/// Where a predict body's <c>features</c> object (one row) or <c>instances</c> array (a batch) lies, found in one
/// forward pass that also proves the whole body is valid JSON, so nothing is scored from a body that is not.
/// </summary>
public readonly record struct PredictRequestBody(Range? Features, Range? Instances)
{
    /// <summary>False with a message when <paramref name="utf8"/> is not valid UTF-8 or not valid JSON.</summary>
    public static bool TryLocate(ReadOnlySpan<byte> utf8, out PredictRequestBody body, out string? error)
    {
        body = default;
        error = null;
        Range? features = null, instances = null;
        if (Utf8Text.FirstInvalidByte(utf8) is var bad and >= 0)
        {
            error = $"The body {Utf8Text.NotValid(bad)}.";
            return false;
        }

        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        try
        {
            if (!reader.Read())
            {
                error = "The body is empty.";
                return false;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isFeatures = reader.ValueTextEquals("features"u8);
                    var isInstances = !isFeatures && reader.ValueTextEquals("instances"u8);
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var value = start..(int)reader.BytesConsumed;
                    if (isFeatures) features = value;
                    else if (isInstances) instances = value;
                }
            }
            else
            {
                reader.Skip();
            }

            // Anything after the root value other than whitespace is an error the reader raises here.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return false;
        }

        body = new PredictRequestBody(features, instances);
        return true;
    }

    /// <summary>The byte range of each element of a JSON array (already validated by <see cref="TryLocate"/>); null when it is not an array.</summary>
    public static List<Range>? Elements(ReadOnlySpan<byte> array)
    {
        var reader = new Utf8JsonReader(array, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        var elements = new List<Range>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            elements.Add(start..(int)reader.BytesConsumed);
        }

        return elements;
    }
}
