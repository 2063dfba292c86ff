using System.Text;
using System.Text.Json;

namespace Portal.Core.Rollouts;

/// <summary>
/// Assigns a request by a <c>feature:NAME</c> sticky key: the feature's value as the client wrote it (a string's text,
/// a number's or boolean's literal), read from the request's UTF-8 JSON into a stack buffer, so no string is built.
/// A request without the feature (or with null, an object or an array there) has no key and is assigned at random.
/// </summary>
public static class StickyKeyReader
{
    /// <summary>Keys up to this many UTF-8 bytes are decoded on the stack; longer ones (rare) into an array.</summary>
    private const int StackBytes = 256;

    public static RolloutArm Assign(ArmAssigner assigner, ReadOnlySpan<byte> features, ReadOnlySpan<byte> featureUtf8)
    {
        if (assigner.CandidateBasisPoints == 0) return RolloutArm.Champion;
        var reader = new Utf8JsonReader(features);
        if (!Find(ref reader, featureUtf8)) return assigner.AssignKeyless();
        var raw = reader.ValueSpan; // the reader reads one span: never a sequence
        // A string's text unescaped has at most as many chars as its raw UTF-8 bytes; a literal's chars are its bytes.
        Span<char> chars = raw.Length <= StackBytes ? stackalloc char[StackBytes] : new char[raw.Length];
        int length;
        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped) length = reader.CopyString(chars);
        else if (!Encoding.UTF8.TryGetChars(raw, chars, out length)) return assigner.AssignKeyless();
        return length == 0 ? assigner.AssignKeyless() : assigner.Assign(chars[..length]);
    }

    /// <summary>Moves the reader onto the value of the top-level property <paramref name="name"/>, if it is a scalar.</summary>
    private static bool Find(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                if (!reader.Read()) return false;
                if (match)
                    return reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;
                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false; // the binder names what is wrong with the body; here it only has no key
        }
    }
}
