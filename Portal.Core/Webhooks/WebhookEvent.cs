namespace Portal.Core.Webhooks;

/// <summary>Something that happened to a model, for the webhooks subscribed to <see cref="Type"/>; <see cref="Data"/> is serialised as JSON.</summary>
public sealed record WebhookEvent(string Type, string Model, DateTimeOffset OccurredAt, object Data);
