using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Core.Predictions;

/// <summary>
/// Removes personal data from logged inputs before they are stored, at any depth of the inputs: the values of the
/// configured fields, any string holding an e-mail address, a phone number, a payment card number (Luhn-checked, see
/// <see cref="PaymentCards"/>) or an IBAN (mod-97-checked, see <see cref="Ibans"/>), and any JSON number that is a card
/// number, become <see cref="Redacted"/>. Used by the background writer only, never on the predict path.
/// </summary>
public sealed partial class PiiRedactor
{
    public const string Redacted = "[REDACTED]";

    private readonly HashSet<string> _fields;

    public PiiRedactor(IEnumerable<string>? fields = null) =>
        _fields = new HashSet<string>(fields ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>The inputs object with personal data replaced; the same string when there was nothing to redact.</summary>
    public string Redact(string inputsJson) => MayNeedRedaction(Encoding.UTF8.GetBytes(inputsJson)) ? RedactObject(inputsJson) : inputsJson;

    /// <summary>
    /// The same as <see cref="Redact(string)"/>, also adding to <paramref name="counts"/> how many values were replaced
    /// under each top-level field name (a nested value counts for the field that holds it; inputs that are not a JSON
    /// object count under "$"). The PII backfill counts with it; the writer's path is the plain one.
    /// </summary>
    public string Redact(string inputsJson, IDictionary<string, long> counts) =>
        MayNeedRedaction(Encoding.UTF8.GetBytes(inputsJson)) ? RedactObject(inputsJson, counts) : inputsJson;

    /// <summary>The record with personal data replaced in its inputs; the same record when there was nothing to redact.</summary>
    public PredictionRecord Redact(PredictionRecord record)
    {
        if (!MayNeedRedaction(record.Inputs.Span)) return record;
        var inputs = record.InputsJson;
        var redacted = RedactObject(inputs);
        return ReferenceEquals(redacted, inputs) ? record : record with { InputsJson = redacted };
    }

    /// <summary>Where the values of inputs that are not a JSON object are counted.</summary>
    public const string WholeInputs = "$";

    private string RedactObject(string inputsJson, IDictionary<string, long>? counts = null)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(inputsJson);
        }
        catch (JsonException)
        {
            if (!LooksPersonal(inputsJson)) return inputsJson;
            Count(counts, WholeInputs);
            return JsonSerializer.Serialize(Redacted);
        }

        return root is not null && RedactChildren(root, counts, null) ? root.ToJsonString() : inputsJson;
    }

    /// <summary>Replaces personal values under <paramref name="node"/> (objects and arrays, any depth); true when one was.</summary>
    private bool RedactChildren(JsonNode node, IDictionary<string, long>? counts, string? field)
    {
        var changed = false;
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                if (value is null || IsRedacted(value)) continue; // already redacted: counted and changed once only
                if (_fields.Contains(name) || IsPersonalValue(value))
                {
                    obj[name] = Redacted;
                    Count(counts, field ?? name);
                    changed = true;
                }
                else
                {
                    changed |= RedactChildren(value, counts, field ?? name);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not { } item) continue;
                if (IsPersonalValue(item))
                {
                    array[i] = Redacted;
                    Count(counts, field ?? WholeInputs);
                    changed = true;
                }
                else
                {
                    changed |= RedactChildren(item, counts, field ?? WholeInputs);
                }
            }
        }

        return changed;
    }

    private static bool IsRedacted(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == Redacted;

    private static void Count(IDictionary<string, long>? counts, string field)
    {
        if (counts is not null) counts[field] = counts.TryGetValue(field, out var n) ? n + 1 : 1;
    }

    private static bool IsPersonalValue(JsonNode node) => node is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.String => LooksPersonal(v.GetValue<string>()),
        JsonValueKind.Number => PaymentCards.IsCardNumber(v.ToJsonString()),
        _ => false,
    };

    /// <summary>
    /// A forward-only scan of the UTF-8 bytes that rules out almost every record cheaply and without allocating (no
    /// redacted field, no string value with an '@' or seven digits, no number with 13 integer digits), so only the rare
    /// candidate pays for a DOM and the checks. Without configured fields a plain byte loop is enough.
    /// </summary>
    private bool MayNeedRedaction(ReadOnlySpan<byte> inputsJson) =>
        _fields.Count == 0 ? StringsCouldBePersonal(inputsJson) : ReaderScanFindsCandidate(inputsJson);

    /// <summary>
    /// Looks inside every string (names included: harmless) for an '@' or seven digits, and outside strings for a run of
    /// 13 digits (a number's integer part: a card number sent as a JSON number). A backslash escape could hide either,
    /// so a string with one counts as a candidate; invalid JSON is left to the full path as well.
    /// </summary>
    private static bool StringsCouldBePersonal(ReadOnlySpan<byte> json)
    {
        var inString = false;
        var digits = 0;
        foreach (var b in json)
        {
            if (!inString)
            {
                if (b == (byte)'"')
                {
                    inString = true;
                    digits = 0;
                }
                else if (b is >= (byte)'0' and <= (byte)'9')
                {
                    if (++digits >= 13) return true;
                }
                else
                {
                    digits = 0;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = false;
                    digits = 0;
                    break;
                case (byte)'\\':
                case (byte)'@':
                    return true;
                case >= (byte)'0' and <= (byte)'9' when ++digits >= 7:
                    return true;
            }
        }

        return inString;
    }

    private bool ReaderScanFindsCandidate(ReadOnlySpan<byte> inputsJson)
    {
        var reader = new Utf8JsonReader(inputsJson, isFinalBlock: true, state: default);
        var fields = _fields.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> name = stackalloc char[128];
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueSpan.Length > name.Length) return true; // longer than any field name worth a stack buffer: check it fully
                    if (fields.Contains(name[..reader.CopyString(name)])) return true;
                }
                else if (reader.TokenType == JsonTokenType.String && (reader.ValueIsEscaped || CouldBePersonal(reader.ValueSpan)))
                {
                    return true;
                }
                else if (reader.TokenType == JsonTokenType.Number && PaymentCards.CouldBeCard(reader.ValueSpan))
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static bool CouldBePersonal(ReadOnlySpan<byte> utf8)
    {
        var digits = 0;
        foreach (var b in utf8)
        {
            if (b == (byte)'@') return true;
            if (b is >= (byte)'0' and <= (byte)'9' && ++digits >= 7) return true;
        }

        return false;
    }

    /// <summary>True for an e-mail address, a phone number, a payment card number or an IBAN anywhere in the text.</summary>
    public static bool LooksPersonal(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (Email().IsMatch(text) || PaymentCards.ContainsCard(text) || Ibans.ContainsIban(text)) return true;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            || DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _)) return false;
        foreach (Match m in Phone().Matches(text))
            if (m.Value.Count(char.IsAsciiDigit) is >= 7 and <= 15) return true;
        return false;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    /// <summary>An international (+CC ...) or a separated number of 7 to 15 digits, e.g. +44 20 7946 0958, (555) 123-4567, 555-123-4567.</summary>
    [GeneratedRegex(@"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]\d{2,4}){1,4}|\+\d{7,15}", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
