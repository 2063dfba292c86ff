namespace Portal.Core.Webhooks;

/// <summary>
/// How deliveries are made (the <c>Portal:Webhooks</c> section). Attempt n waits <see cref="Backoff"/> x 2^(n-1)
/// after attempt n's failure, so 5 attempts with 10 s span about 2.5 minutes.
/// </summary>
public sealed record WebhookSettings(int MaxAttempts, TimeSpan Timeout, TimeSpan Backoff, bool AllowPrivateTargets, int QueueCapacity)
{
    public static WebhookSettings Default { get; } = new(5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), false, 1000);

    /// <summary>When the attempt after <paramref name="attempts"/> failed attempts is due.</summary>
    public DateTimeOffset NextAttemptAfter(DateTimeOffset failedAt, int attempts) =>
        failedAt + Backoff * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
}
