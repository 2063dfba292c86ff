namespace Portal.Core.Predictions;

/// <summary>
/// International bank account numbers: a registered country code, two check digits and the country's fixed number of
/// letters and digits (single spaces allowed between them, any case), accepted only when the ISO 13616 mod-97 check
/// gives 1. The per-country length keeps a longer code that merely starts like an IBAN from being taken for one.
/// </summary>
public static class Ibans
{
    /// <summary>Total IBAN length per country (SWIFT IBAN registry).</summary>
    private static readonly Dictionary<string, int> Lengths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28,
        ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23,
        ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    };

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ByCountry = Lengths.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="text"/> holds an IBAN anywhere, e.g. "GB82 WEST 1234 5698 7654 32" or "iban:DE89370400440532013000".</summary>
    public static bool ContainsIban(string text)
    {
        Span<char> iban = stackalloc char[34];
        for (var i = 0; i + 4 <= text.Length; i++)
        {
            if (!char.IsAsciiLetter(text[i]) || !char.IsAsciiLetter(text[i + 1]) || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3])) continue;
            if (!ByCountry.TryGetValue(text.AsSpan(i, 2), out var length)) continue;
            if (Collect(text.AsSpan(i), iban[..length]) && Mod97IsOne(iban[..length])) return true;
        }

        return false;
    }

    /// <summary>Fills <paramref name="into"/> with the next letters and digits of <paramref name="text"/>, skipping single spaces.</summary>
    private static bool Collect(ReadOnlySpan<char> text, Span<char> into)
    {
        var n = 0;
        for (var i = 0; i < text.Length && n < into.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c)) into[n++] = char.ToUpperInvariant(c);
            else if (c != ' ' || i + 1 >= text.Length || text[i + 1] == ' ' || n == 0) return false;
        }

        return n == into.Length;
    }

    /// <summary>ISO 13616: the first four characters moved to the end, letters as 10-35, the number mod 97 must be 1.</summary>
    private static bool Mod97IsOne(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            remainder = char.IsAsciiDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }
}
