namespace Portal.Web.Webhooks;

/// <summary>A delivery's host resolved to an address webhooks may not reach (checked again at each connection: DNS may have changed).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
