namespace Portal.Web.Api.Contracts;

/// <summary>What to change; an absent field stays as it is (<c>events</c> empty: every event).</summary>
public sealed record UpdateWebhookRequest(bool? Enabled, List<string?>? Events);
