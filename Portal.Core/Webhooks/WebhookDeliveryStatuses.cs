namespace Portal.Core.Webhooks;

/// <summary>A delivery is pending until an attempt gets a 2xx (succeeded) or its attempts run out (failed).</summary>
public static class WebhookDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
