using System.Globalization;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// Checks a bound row's numeric inputs against the version's training ranges. Built once per served version: the
/// features with a known range, their slots and their bounds sit in arrays, so a row whose values are all in range
/// costs one comparison per feature and allocates nothing; only a row with a warning allocates the list.
/// </summary>
public sealed class InputRangeCheck
{
    private readonly int[] _features;
    private readonly int[] _slots;
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly FeatureSchema _schema;

    public InputRangeCheck(RowBindingPlan plan)
    {
        _schema = plan.Schema;
        var features = new List<int>();
        for (var i = 0; i < plan.Schema.Features.Count; i++)
            if (plan.Schema.Features[i] is { Type: ColumnType.Numeric, Range: not null })
                features.Add(i);
        _features = [.. features];
        _slots = features.Select(i => plan.Slots[i]).ToArray();
        _low = features.Select(i => plan.Schema.Features[i].Range!.Low).ToArray();
        _high = features.Select(i => plan.Schema.Features[i].Range!.High).ToArray();
    }

    /// <summary>False for versions trained before ranges were kept: nothing to check.</summary>
    public bool HasRanges => _features.Length > 0;

    /// <summary>The warnings for <paramref name="row"/>, or null when every value is in range (or missing).</summary>
    public List<InputWarning>? Check(ModelInput row)
    {
        List<InputWarning>? warnings = null;
        var numeric = row.Numeric;
        for (var k = 0; k < _features.Length; k++)
        {
            double value = numeric[_slots[k]];
            // NaN (missing) fails both comparisons: it is never out of range.
            if (value >= _low[k] && value <= _high[k] || double.IsNaN(value)) continue;
            (warnings ??= []).Add(Warning(_schema.Features[_features[k]], AsSent(numeric[_slots[k]])));
        }

        return warnings;
    }

    /// <summary>The float the row holds, as the shortest decimal that reads back to it (0.1, not 0.100000001490116).</summary>
    private static double AsSent(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The warning for one value; also used by the Predict form, which checks as it is typed.</summary>
    public static InputWarning Warning(FeatureSpec spec, double value)
    {
        var range = spec.Range!;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name} = {value:G6} is far outside the training range {range.Min:G6} to {range.Max:G6}; the prediction may be unreliable.");
        return new InputWarning(spec.Name, value, range.Min, range.Max, message);
    }
}
