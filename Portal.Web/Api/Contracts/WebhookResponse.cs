namespace Portal.Web.Api.Contracts;

/// <summary>A webhook, without its secret (shown only in the creation's response). <c>events</c> empty: every event.</summary>
public sealed record WebhookResponse(int Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, string CreatedBy, DateTimeOffset CreatedAt);
