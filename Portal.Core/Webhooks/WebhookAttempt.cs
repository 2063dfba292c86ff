namespace Portal.Core.Webhooks;

/// <summary>One POST of a delivery: the HTTP status it got, or why it got none (timeout, refused, unsafe address).</summary>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, double DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
