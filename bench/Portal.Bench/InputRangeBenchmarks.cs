using BenchmarkDotNet.Attributes;
using Portal.Core.Serving;

namespace Portal.Bench;

/// <summary>
/// What the predict path pays to check a credit-risk row against the version's training ranges: a row in range (the
/// common case, expected to allocate nothing) and the same row with Income at -500 (one warning, which allocates its
/// list, record and message).
/// </summary>
[MemoryDiagnoser]
public class InputRangeBenchmarks
{
    private InputRangeCheck _check = null!;
    private ModelInput _inRange = null!;
    private ModelInput _outOfRange = null!;

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
        if (_check.Check(_inRange) is not null || _check.Check(_outOfRange) is null)
            throw new InvalidOperationException("The benchmark rows are not what they claim.");
    }

    [Benchmark(Baseline = true, Description = "Range check: all in range")]
    public object? InRange() => _check.Check(_inRange);

    [Benchmark(Description = "Range check: one warning")]
    public object? OneWarning() => _check.Check(_outOfRange);
}
