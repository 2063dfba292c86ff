using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Core.Serving;

/// <summary>
/// Removes personal data from logged inputs before they are stored: the values of the configured fields, and any string
/// value that looks like an e-mail address, a phone number or a payment card number (Luhn-checked), become
/// <see cref="Redacted"/>. Used by the background writer only, never on the predict path.
/// </summary>
public sealed partial class PiiRedactor
{
    public const string Redacted = "[REDACTED]";

    private readonly HashSet<string> _fields;

    public PiiRedactor(IEnumerable<string>? fields = null) =>
        _fields = new HashSet<string>(fields ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>The inputs object with personal data replaced; the same string when there was nothing to redact.</summary>
    public string Redact(string inputsJson) => MayNeedRedaction(Encoding.UTF8.GetBytes(inputsJson)) ? RedactObject(inputsJson) : inputsJson;

    /// <summary>The record with personal data replaced in its inputs; the same record when there was nothing to redact.</summary>
    public PredictionRecord Redact(PredictionRecord record)
    {
        if (!MayNeedRedaction(record.Inputs.Span)) return record;
        var inputs = record.InputsJson;
        var redacted = RedactObject(inputs);
        return ReferenceEquals(redacted, inputs) ? record : record with { InputsJson = redacted };
    }

    private string RedactObject(string inputsJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(inputsJson);
        }
        catch (JsonException)
        {
            return LooksPersonal(inputsJson) ? JsonSerializer.Serialize(Redacted) : inputsJson;
        }

        if (root is not JsonObject obj) return inputsJson;
        var changed = false;
        foreach (var (name, value) in obj.ToList())
        {
            if (value is null) continue;
            var redact = _fields.Contains(name)
                || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && LooksPersonal(v.GetValue<string>()));
            if (!redact) continue;
            obj[name] = Redacted;
            changed = true;
        }

        return changed ? obj.ToJsonString() : inputsJson;
    }

    /// <summary>
    /// A forward-only scan of the UTF-8 bytes that rules out almost every record cheaply and without allocating (no
    /// redacted field, no string value with an '@' or seven digits), so only the rare candidate pays for a DOM and the
    /// regular expressions. Without configured fields only string contents matter, and a plain byte loop finds them.
    /// </summary>
    private bool MayNeedRedaction(ReadOnlySpan<byte> inputsJson) =>
        _fields.Count == 0 ? StringsCouldBePersonal(inputsJson) : ReaderScanFindsCandidate(inputsJson);

    /// <summary>
    /// Looks inside every string (names included: harmless) for an '@' or seven digits. A backslash escape could hide
    /// either, so a string with one counts as a candidate; invalid JSON is left to the full path as well.
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

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = false;
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

    /// <summary>True for an e-mail address, a phone number or a payment card number anywhere in the text.</summary>
    public static bool LooksPersonal(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (Email().IsMatch(text)) return true;
        foreach (Match m in CardCandidate().Matches(text))
            if (Luhn(m.Value)) return true;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            || DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _)) return false;
        foreach (Match m in Phone().Matches(text))
            if (m.Value.Count(char.IsAsciiDigit) is >= 7 and <= 15) return true;
        return false;
    }

    private static bool Luhn(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d(?:[ \-]?\d){12,18}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CardCandidate();

    /// <summary>An international (+CC ...) or a separated number of 7 to 15 digits, e.g. +44 20 7946 0958, (555) 123-4567, 555-123-4567.</summary>
    [GeneratedRegex(@"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]\d{2,4}){1,4}|\+\d{7,15}", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
