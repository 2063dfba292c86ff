namespace Portal.Core.Webhooks;

/// <summary>Webhooks and their deliveries (implemented in Portal.Data).</summary>
public interface IWebhookStore
{
    Task<WebhookSubscription> AddAsync(string url, IReadOnlyList<string> events, string? description, string protectedSecret, string createdBy, DateTimeOffset createdAt, CancellationToken ct = default);
    Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken ct = default);
    Task<WebhookSubscription?> GetAsync(int id, CancellationToken ct = default);

    /// <summary>Sets what is given (null leaves it); null when there is no such webhook.</summary>
    Task<WebhookSubscription?> UpdateAsync(int id, bool? enabled, IReadOnlyList<string>? events, CancellationToken ct = default);

    /// <summary>Deletes the webhook and its deliveries; false when there is no such webhook.</summary>
    Task<bool> DeleteAsync(int id, CancellationToken ct = default);

    /// <summary>The protected secret, to sign with; null when there is no such webhook.</summary>
    Task<string?> GetSecretAsync(int id, CancellationToken ct = default);

    Task AddDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct = default);

    /// <summary>Pending deliveries whose next attempt is due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int take, CancellationToken ct = default);

    /// <summary>Appends an attempt and sets the delivery's status and next attempt, in one transaction.</summary>
    Task RecordAttemptAsync(Guid deliveryId, WebhookAttempt attempt, string status, DateTimeOffset? nextAttemptAt, CancellationToken ct = default);

    /// <summary>The webhook's newest deliveries with their attempts.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(int webhookId, int take, CancellationToken ct = default);
}
