using System.Globalization;
using Portal.Core.Datasets;

namespace Portal.Core.Validation;

/// <summary>
/// The tiny training set of a validation run, made in memory (never registered, never written): 200 deterministic rows
/// with two numeric features, one categorical and a label that depends on them with some noise, so both classes occur
/// and a trainer has something to learn.
/// </summary>
public static class ValidationSample
{
    public const string Label = "outcome";
    public const string PositiveClass = "yes";
    public const int Rows = 200;

    public static CsvTable Create()
    {
        var random = new Random(17);
        string[] regions = ["north", "south", "east"];
        var rows = new List<string?[]>(Rows);
        for (var i = 0; i < Rows; i++)
        {
            var income = Math.Round(20 + random.NextDouble() * 80, 1);
            var debt = Math.Round(random.NextDouble() * 50, 1);
            var region = regions[i % regions.Length];
            var risk = debt / 50 - income / 100 + (region == "south" ? 0.2 : 0) + (random.NextDouble() - 0.5) * 0.4;
            rows.Add([income.ToString(CultureInfo.InvariantCulture), debt.ToString(CultureInfo.InvariantCulture), region, risk > 0 ? PositiveClass : "no"]);
        }

        return new CsvTable(["income", "debt", "region", Label], rows, Enumerable.Range(2, Rows).ToList());
    }
}
