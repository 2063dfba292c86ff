using System.Globalization;

namespace Portal.Core.Gates;

/// <summary>
/// How gate messages write a value beside the number it is compared with: three decimals like the rest of the portal,
/// more only when three would show two different numbers as the same ("AUC 0.865 is below the minimum 0.865").
/// </summary>
public static class GateNumbers
{
    public const int Decimals = 3;
    private const int MaxDecimals = 15;

    /// <summary>Both numbers with the same number of decimals: 3, or the fewest that tell them apart.</summary>
    public static (string Value, string Other) Pair(double value, double other, bool withSign = false)
    {
        for (var decimals = Decimals; decimals <= MaxDecimals; decimals++)
        {
            var (a, b) = (Write(value, decimals, withSign), Write(other, decimals, withSign));
            if (a != b) return (a, b);
        }

        // Equal numbers read as equal.
        return (Write(value, Decimals, withSign), Write(other, Decimals, withSign));
    }

    public static string Write(double value, int decimals = Decimals, bool withSign = false)
    {
        var digits = "0." + new string('0', decimals);
        return value.ToString(withSign ? $"+{digits};-{digits};±{digits}" : digits, CultureInfo.InvariantCulture);
    }
}
