using System.Globalization;
using Portal.Core.Training;

namespace Portal.Web.Api;

/// <summary>The import form's optional 'testFraction' and 'seed': the held-out split the zip is evaluated on (training's defaults).</summary>
public static class ImportSplitForm
{
    public static (double TestFraction, int Seed) Read(IFormCollection form, Dictionary<string, string[]> errors)
    {
        var testFraction = DataSplit.DefaultTestFraction;
        var seed = DataSplit.DefaultSeed;
        if (form["testFraction"].FirstOrDefault() is { Length: > 0 } rawFraction
            && !double.TryParse(rawFraction, NumberStyles.Float, CultureInfo.InvariantCulture, out testFraction))
            errors["testFraction"] = [$"'{rawFraction}' is not a number (the share of rows held out, e.g. 0.2)."];
        if (form["seed"].FirstOrDefault() is { Length: > 0 } rawSeed
            && !int.TryParse(rawSeed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
            errors["seed"] = [$"'{rawSeed}' is not a whole number."];
        return (testFraction, seed);
    }
}
