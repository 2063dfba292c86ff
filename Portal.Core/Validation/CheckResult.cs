namespace Portal.Core.Validation;

/// <summary>What a check found: its outcome and one sentence an operator can act on.</summary>
public sealed record CheckResult(string Outcome, string Detail)
{
    public static CheckResult Pass(string detail) => new(CheckOutcomes.Pass, detail);

    public static CheckResult Fail(string detail) => new(CheckOutcomes.Fail, detail);

    public static CheckResult Skip(string detail) => new(CheckOutcomes.Skip, detail);
}
