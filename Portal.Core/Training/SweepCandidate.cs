namespace Portal.Core.Training;

/// <summary>One trainer with the value of every one of its options: what a sweep scores by cross-validation.</summary>
public sealed record SweepCandidate(TrainerKind Trainer, IReadOnlyDictionary<string, double> Options)
{
    public override string ToString() =>
        $"{Trainer}({string.Join(", ", Options.Select(o => FormattableString.Invariant($"{o.Key}={o.Value}")))})";
}
