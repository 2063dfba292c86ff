namespace Portal.Core.Retraining;

/// <summary>
/// A model's retrain policy: when a retrain starts (<see cref="Triggers"/>; manual is always available), how often at
/// most (<see cref="MinIntervalMinutes"/>), what it trains on and how, and what becomes of a candidate that passes the gates.
/// </summary>
public sealed record RetrainPolicy(
    bool Enabled = false,
    RetrainTriggers? Triggers = null,
    int MinIntervalMinutes = RetrainPolicy.DefaultMinIntervalMinutes,
    RetrainTraining? Training = null,
    RetrainData? Data = null,
    RetrainAction? Action = null)
{
    public const int DefaultMinIntervalMinutes = 60;

    /// <summary>The policy a model has before an admin sets one: off, manual retrains only, as the champion was trained.</summary>
    public static RetrainPolicy Default { get; } = new RetrainPolicy().Normalized();

    /// <summary>The policy with every part left out given its default, which is how it is stored.</summary>
    public RetrainPolicy Normalized() => this with
    {
        Triggers = Triggers ?? new RetrainTriggers(),
        Training = Training ?? new RetrainTraining(),
        Data = Data ?? new RetrainData(),
        Action = Action ?? new RetrainAction(),
    };
}
