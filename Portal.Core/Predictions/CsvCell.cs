using System.Globalization;

namespace Portal.Core.Predictions;

/// <summary>
/// Neutralises spreadsheet formulas (CSV injection, as OWASP describes it): a cell that starts with
/// <c>= + - @</c>, a tab or a carriage return gets a leading apostrophe, so Excel or LibreOffice shows it as text.
/// A cell that is a plain number (e.g. -1.5) is left as it is: it cannot run anything and must stay numeric.
/// </summary>
public static class CsvCell
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    public static string Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value) || Array.IndexOf(Triggers, value[0]) < 0) return value ?? "";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && value[0] is '-' or '+') return value;
        return "'" + value;
    }
}
