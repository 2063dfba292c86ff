using System.Text.RegularExpressions;

namespace Portal.Core.Predictions;

/// <summary>Payment card numbers: 13 to 19 digits passing the Luhn check, as text (spaces or dashes allowed, letters may touch them) or as a JSON number.</summary>
public static partial class PaymentCards
{
    /// <summary>True when <paramref name="text"/> holds a card number anywhere, e.g. "card4111111111111111" or "4111-1111-1111-1111".</summary>
    public static bool ContainsCard(string text)
    {
        foreach (Match m in Candidate().Matches(text))
            if (Luhn(m.ValueSpan)) return true;
        return false;
    }

    /// <summary>
    /// True for a JSON number token that is a card number: 13 to 19 integer digits (a sign, a zero fraction such as ".0"
    /// allowed) passing Luhn. An exponent form (4.1e15) is not a card as written and is left alone.
    /// </summary>
    public static bool IsCardNumber(ReadOnlySpan<char> number)
    {
        if (number.StartsWith("-")) number = number[1..];
        var dot = number.IndexOf('.');
        if (dot >= 0)
        {
            if (number[(dot + 1)..].ContainsAnyExcept('0')) return false;
            number = number[..dot];
        }

        return number.Length is >= 13 and <= 19 && !number.ContainsAnyExceptInRange('0', '9') && Luhn(number);
    }

    /// <summary>True when a JSON number token's integer part has 13 digits or more: the cheap test before <see cref="IsCardNumber"/>.</summary>
    public static bool CouldBeCard(ReadOnlySpan<byte> utf8)
    {
        var run = 0;
        foreach (var b in utf8)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                if (++run >= 13) return true;
            }
            else if (b is (byte)'.' or (byte)'e' or (byte)'E')
            {
                return false;
            }
            else
            {
                run = 0;
            }
        }

        return false;
    }

    private static bool Luhn(ReadOnlySpan<char> candidate)
    {
        int sum = 0, count = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (!char.IsAsciiDigit(c)) continue;
            var d = c - '0';
            if (count++ % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }

        return count is >= 13 and <= 19 && sum % 10 == 0;
    }

    /// <summary>13-19 digits with single spaces or dashes between them; digit-bounded, not word-bounded, so "card4111..." counts.</summary>
    [GeneratedRegex(@"(?<!\d)\d(?:[ \-]?\d){12,18}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
