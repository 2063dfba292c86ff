namespace Portal.Web.Api.Contracts;

/// <summary>The only time the signing secret is shown.</summary>
public sealed record CreatedWebhookResponse(int Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, string Secret);
