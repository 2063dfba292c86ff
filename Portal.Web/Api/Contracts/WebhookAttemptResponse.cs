namespace Portal.Web.Api.Contracts;

/// <summary>One POST: the HTTP status it got, or the error instead (timeout, refused address, no connection).</summary>
public sealed record WebhookAttemptResponse(DateTimeOffset At, int? StatusCode, string? Error, double DurationMs, bool Succeeded);
