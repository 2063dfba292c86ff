namespace Portal.Core.Webhooks;

/// <summary>Posts one delivery (implemented in Portal.Web over HttpClient); never throws for the target's faults, it reports them.</summary>
public interface IWebhookTransport
{
    /// <summary>The attempt's outcome: the HTTP status, or the error (timeout, refused address, connection) and how long it took.</summary>
    Task<WebhookAttempt> PostAsync(Uri url, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken ct);
}
