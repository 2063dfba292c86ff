namespace Portal.Core.Webhooks;

/// <summary>The audit log's actions for webhooks (the URL and events, never the secret).</summary>
public static class WebhookAudit
{
    public const string Created = "webhook.created";
    public const string Updated = "webhook.updated";
    public const string Deleted = "webhook.deleted";
}
