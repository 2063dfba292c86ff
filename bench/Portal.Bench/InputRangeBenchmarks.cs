using BenchmarkDotNet.Attributes;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Bench;

/// <summary>
/// What the predict path pays to check a credit-risk row against what the version was trained on (10 numeric ranges and
/// the categories of Home, Marital and Job): a row in range with known categories (the common case, expected to
/// allocate nothing), the same row with Income at -500 (one warning, which allocates its list, record and message) and
/// with Home "castle" (one unknown category, which also reads the request's JSON again to name the value).
/// </summary>
[MemoryDiagnoser]
public class InputRangeBenchmarks
{
    private InputRangeCheck _check = null!;
    private ModelInput _inRange = null!;
    private ModelInput _outOfRange = null!;
    private ModelInput _unknownCategory = null!;
    private byte[] _json = null!;
    private byte[] _unknownJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = CreditRiskModel.Train();
        var plan = new RowBindingPlan(model.Schema);
        _check = new InputRangeCheck(plan);
        _inRange = model.Rows[0];
        _outOfRange = ModelInput.For(model.Schema);
        Array.Copy(_inRange.Numeric, _outOfRange.Numeric, _inRange.Numeric.Length);
        Array.Copy(_inRange.Categorical, _outOfRange.Categorical, _inRange.Categorical.Length);
        plan.TryGetFeature("Income", out var income);
        _outOfRange.Numeric[plan.Slots[income]] = -500;
        // The row as a request would send it, and the same with Home "castle" (bound as the "other" marker).
        _json = Json(model.Schema, _inRange, home: null);
        _unknownJson = Json(model.Schema, _inRange, home: "castle");
        _unknownCategory = ModelInput.For(model.Schema);
        Array.Copy(_inRange.Numeric, _unknownCategory.Numeric, _inRange.Numeric.Length);
        Array.Copy(_inRange.Categorical, _unknownCategory.Categorical, _inRange.Categorical.Length);
        plan.TryGetFeature("Home", out var home);
        _unknownCategory.Categorical[plan.Slots[home]] = FeatureSchema.OtherCategory;
        if (_check.Check(_inRange, _json) is not null || _check.Check(_outOfRange, _json) is null || _check.Check(_unknownCategory, _unknownJson) is not [{ Category: "castle" }])
            throw new InvalidOperationException("The benchmark rows are not what they claim.");
    }

    [Benchmark(Baseline = true, Description = "Range check: all in range")]
    public object? InRange() => _check.Check(_inRange, _json);

    [Benchmark(Description = "Range check: one warning")]
    public object? OneWarning() => _check.Check(_outOfRange, _json);

    [Benchmark(Description = "Range check: one unknown category")]
    public object? UnknownCategory() => _check.Check(_unknownCategory, _unknownJson);

    /// <summary>The features object a client would send for <paramref name="row"/>, with Home replaced when given.</summary>
    private static byte[] Json(FeatureSchema schema, ModelInput row, string? home)
    {
        var features = new System.Text.Json.Nodes.JsonObject();
        int numeric = 0, categorical = 0;
        foreach (var spec in schema.Features)
        {
            if (spec.Type != ColumnType.Categorical)
                features[spec.Name] = row.Numeric[numeric++];
            else if (row.Categorical[categorical++] is var value && spec.Name == "Home" && home is not null)
                features[spec.Name] = home;
            else
                features[spec.Name] = value;
        }

        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(features);
    }
}
